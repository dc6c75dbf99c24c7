sp_test(test_sibling "live" SOURCES sibling_test.c LIBS sp_judge)
