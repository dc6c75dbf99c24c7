sp_test(test_seccomp "live" SOURCES seccomp_test.c LIBS sp_output sp_probe)
