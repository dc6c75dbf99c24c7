# A recorded profile holds its workload to what it did (tests/escape.sh):
# raw sockets, namespaces through clone3 and clone, W+X memory through
# pkey_mprotect, mprotect and mmap, tried in crun under the workload's own
# KILL-default profile.  Needs root and crun; exits 77 (skipped) otherwise.
if(TARGET sandprint)
	add_test(NAME escape_crun COMMAND ${CMAKE_CURRENT_SOURCE_DIR}/escape.sh
		$<TARGET_FILE:sandprint> ${PROJECT_BINARY_DIR}/testdata/progs)
	set_tests_properties(escape_crun PROPERTIES LABELS "live;external"
		TIMEOUT 300 SKIP_RETURN_CODE 77)
endif()
