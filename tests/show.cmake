add_test(NAME show_cli COMMAND ${CMAKE_CURRENT_SOURCE_DIR}/show.sh
	$<TARGET_FILE:sandprint> ${PROJECT_BINARY_DIR}/testdata/progs)
set_tests_properties(show_cli PROPERTIES LABELS "live" TIMEOUT 300
	SKIP_RETURN_CODE 77)
