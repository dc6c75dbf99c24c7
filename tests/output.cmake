# output/: trace and OCI profile files (golden files in testdata/golden,
# fixtures in testdata/traces and testdata/profiles).
sp_test(test_output "unit;golden" SOURCES output_test.c LIBS sp_output)
