add_test(NAME profile_cli COMMAND ${CMAKE_CURRENT_SOURCE_DIR}/profile.sh
	$<TARGET_FILE:sandprint> ${PROJECT_BINARY_DIR}/testdata/progs)
set_tests_properties(profile_cli PROPERTIES LABELS "cli" TIMEOUT 300)
