# The tracer's edge cases end to end (tests/edge.sh): each
# testdata/progs/edge_* program recorded with sandprint and run under its
# own KILL-default profile in crun, and signals sent to sandprint.  Needs
# root; exits 77 (skipped) otherwise.  The i386/x32 cases, which this
# machine cannot run, are unit tests on made-up events (edge_unit_test.c).
if(TARGET sandprint)
	add_test(NAME edge_crun COMMAND ${CMAKE_CURRENT_SOURCE_DIR}/edge.sh
		$<TARGET_FILE:sandprint> ${PROJECT_BINARY_DIR}/testdata/progs)
	set_tests_properties(edge_crun PROPERTIES LABELS "live;external"
		TIMEOUT 300 SKIP_RETURN_CODE 77)
endif()
sp_test(test_edge_unit "unit" SOURCES edge_unit_test.c
	LIBS sp_analyzer sp_output)
# Malformed files for every command that reads one (tests/badinput.sh).
if(TARGET sandprint)
	add_test(NAME badinput COMMAND ${CMAKE_CURRENT_SOURCE_DIR}/badinput.sh
		$<TARGET_FILE:sandprint> ${PROJECT_SOURCE_DIR}/testdata)
	set_tests_properties(badinput PROPERTIES LABELS "cli" TIMEOUT 300)
endif()
