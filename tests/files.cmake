# tests/files.sh: outputs that are devices, symlinks, FIFOs and
# descriptors, and inputs that are pipes or devices, end to end (devices
# made in a private mount namespace, never in the host's /dev).
add_test(NAME files_cli COMMAND ${CMAKE_CURRENT_SOURCE_DIR}/files.sh
	$<TARGET_FILE:sandprint> ${PROJECT_BINARY_DIR}/testdata/progs)
set_tests_properties(files_cli PROPERTIES LABELS "live" TIMEOUT 300
	SKIP_RETURN_CODE 77)
