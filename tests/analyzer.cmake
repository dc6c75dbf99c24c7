sp_test(test_analyzer "unit" SOURCES analyzer_test.c LIBS sp_analyzer)
