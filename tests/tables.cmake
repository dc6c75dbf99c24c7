# core/argnames.def and analyzer/argkind.def agree on the (syscall,
# argument index) pairs they share (tests/tables_test.c).
sp_test(test_tables "unit" SOURCES tables_test.c)
