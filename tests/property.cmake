sp_test(test_argkind_property "unit;live" SOURCES argkind_property_test.c
	LIBS sp_judge)
