sp_test(test_seccomp "unit;live" SOURCES seccomp_test.c LIBS sp_output sp_probe)
