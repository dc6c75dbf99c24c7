sp_test(test_sibling "unit;live" SOURCES sibling_test.c LIBS sp_judge)
