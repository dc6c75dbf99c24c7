sp_test(test_core "unit" SOURCES core_test.c LIBS sp_core)
