# sandprint merge on the command line (the union itself is judged by the
# kernel in tests/generate_test.c).
add_test(NAME merge_cli COMMAND ${CMAKE_CURRENT_SOURCE_DIR}/merge.sh
	$<TARGET_FILE:sandprint> ${PROJECT_SOURCE_DIR}/testdata)
set_tests_properties(merge_cli PROPERTIES LABELS "cli" TIMEOUT 300)
