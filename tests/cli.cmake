add_test(NAME cli COMMAND ${CMAKE_CURRENT_SOURCE_DIR}/cli.sh
	$<TARGET_FILE:sandprint> ${PROJECT_BINARY_DIR}/testdata/progs)
set_tests_properties(cli PROPERTIES LABELS "live" TIMEOUT 300
	SKIP_RETURN_CODE 77)
