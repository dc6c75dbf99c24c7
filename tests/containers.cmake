# Podman with the OCI hook end to end (tests/containers.sh): recorded where
# it runs, run under its profile with a kill default, replicas merged.
if(TARGET sandprint)
	add_test(NAME containers_podman COMMAND ${CMAKE_CURRENT_SOURCE_DIR}/containers.sh
		$<TARGET_FILE:sandprint> ${PROJECT_BINARY_DIR}/testdata/progs
		${PROJECT_BINARY_DIR})
	set_tests_properties(containers_podman PROPERTIES LABELS "live;external"
		TIMEOUT 300 SKIP_RETURN_CODE 77)
endif()
add_test(NAME oci_hook_cli COMMAND ${CMAKE_CURRENT_SOURCE_DIR}/oci_hook.sh
	$<TARGET_FILE:sandprint>)
set_tests_properties(oci_hook_cli PROPERTIES LABELS "cli" TIMEOUT 300)
