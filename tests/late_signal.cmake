# A signal once the workload has ended is held until the recording is
# written (tests/late_signal.sh).  Needs root; exits 77 (skipped) otherwise.
add_test(NAME late_signal COMMAND ${CMAKE_CURRENT_SOURCE_DIR}/late_signal.sh
	$<TARGET_FILE:sandprint> ${PROJECT_BINARY_DIR}/testdata/progs)
set_tests_properties(late_signal PROPERTIES LABELS "live" TIMEOUT 300
	SKIP_RETURN_CODE 77)
