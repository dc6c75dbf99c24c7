# tests/workflows.sh: run as a CI gate, explain, import from strace and
# the kernel's audit records, the HTML report in a real browser, and the
# options every command shares.
add_test(NAME workflows_cli COMMAND ${CMAKE_CURRENT_SOURCE_DIR}/workflows.sh
	$<TARGET_FILE:sandprint> ${PROJECT_BINARY_DIR}/testdata/progs
	${PROJECT_SOURCE_DIR}/testdata)
set_tests_properties(workflows_cli PROPERTIES LABELS "live" TIMEOUT 300
	SKIP_RETURN_CODE 77)
