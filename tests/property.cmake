sp_test(test_argkind_property "live" SOURCES argkind_property_test.c
	LIBS sp_judge)
