# output/: trace and OCI profile files (golden files in testdata/golden,
# fixtures in testdata/traces and testdata/profiles).
sp_test(test_output "unit;golden" SOURCES output_test.c LIBS sp_output)
# output/calllog.c: strace output and seccomp audit records read back.
sp_test(test_calllog "unit" SOURCES calllog_test.c LIBS sp_output)
