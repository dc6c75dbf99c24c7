# tests/analysis.sh: explain, show, merge, diff, check and import on each
# kind of input they read, and on one another's outputs.
add_test(NAME analysis_cli COMMAND ${CMAKE_CURRENT_SOURCE_DIR}/analysis.sh
	$<TARGET_FILE:sandprint> ${PROJECT_SOURCE_DIR}/testdata)
set_tests_properties(analysis_cli PROPERTIES LABELS "cli" TIMEOUT 300)
