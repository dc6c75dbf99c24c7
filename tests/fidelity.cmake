# A workload behaves under sandprint as natively, on every recording path
# (tests/fidelity.sh, issue 14).  Needs root; exits 77 (skipped) otherwise.
if(TARGET sandprint)
	add_test(NAME fidelity COMMAND ${CMAKE_CURRENT_SOURCE_DIR}/fidelity.sh
		$<TARGET_FILE:sandprint> ${PROJECT_BINARY_DIR}/testdata/progs)
	set_tests_properties(fidelity PROPERTIES LABELS "live" TIMEOUT 300
		SKIP_RETURN_CODE 77)
endif()
