# A profile recorded here runs where only the environment differs
# (tests/drift.sh): a configuration file bound in a private mount
# namespace, the workload in crun with a KILL default.  Needs root and
# crun; exits 77 (skipped) otherwise.
if(TARGET sandprint)
	add_test(NAME drift_crun COMMAND ${CMAKE_CURRENT_SOURCE_DIR}/drift.sh
		$<TARGET_FILE:sandprint>)
	set_tests_properties(drift_crun PROPERTIES
		LABELS "live;external" TIMEOUT 300 SKIP_RETURN_CODE 77)
endif()
