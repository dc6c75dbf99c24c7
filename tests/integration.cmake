# End-to-end test against a real OCI runtime: record each testdata program
# and some ordinary commands with sandprint, then run them under their own
# profiles in crun with a KILL default (tests/integration.sh). Needs root;
# exits 77 (skipped) otherwise. The programs come from testdata/.
if(TARGET sandprint)
	add_test(NAME integration_crun
		COMMAND ${CMAKE_CURRENT_SOURCE_DIR}/integration.sh
			$<TARGET_FILE:sandprint>
			${PROJECT_BINARY_DIR}/testdata/progs)
	set_tests_properties(integration_crun PROPERTIES
		LABELS "live;external"
		TIMEOUT 600
		SKIP_RETURN_CODE 77)
else()
	message(STATUS "integration_crun: no sandprint target, test not added")
endif()
