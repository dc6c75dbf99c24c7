sp_test(test_generate "live" SOURCES generate_test.c
	LIBS sp_analyzer sp_output sp_probe)
