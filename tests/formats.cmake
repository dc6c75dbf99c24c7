# output/: -f c, c-bpf, bpf, systemd, minijail, k8s (golden files in
# testdata/golden/formats.*; the kernel judges the filters, tests/probe.h).
sp_test(test_formats "golden;live" SOURCES formats_test.c
	LIBS sp_output sp_probe)
add_test(NAME formats_launchers COMMAND ${CMAKE_CURRENT_SOURCE_DIR}/formats.sh
	$<TARGET_FILE:sandprint> ${PROJECT_BINARY_DIR}/testdata/progs)
set_tests_properties(formats_launchers PROPERTIES LABELS "live;external"
	TIMEOUT 300 SKIP_RETURN_CODE 77)
