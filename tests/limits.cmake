# tests/limits.sh: sandprint under the caller's resource limits (stack,
# descriptors, address space) on every path, the workload with its own;
# two in-kernel recordings at once, one of them killed.  Needs root.
if(TARGET sandprint)
	add_test(NAME limits COMMAND ${CMAKE_CURRENT_SOURCE_DIR}/limits.sh
		$<TARGET_FILE:sandprint> ${PROJECT_BINARY_DIR}/testdata/progs)
	set_tests_properties(limits PROPERTIES LABELS "live" TIMEOUT 300
		SKIP_RETURN_CODE 77)
endif()
