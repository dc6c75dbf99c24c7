add_test(NAME args_crun COMMAND ${CMAKE_CURRENT_SOURCE_DIR}/args.sh
	$<TARGET_FILE:sandprint> ${PROJECT_BINARY_DIR}/testdata/progs)
set_tests_properties(args_crun PROPERTIES LABELS "live;external"
	TIMEOUT 300 SKIP_RETURN_CODE 77)
