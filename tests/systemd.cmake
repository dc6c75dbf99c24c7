# -f systemd under systemd itself (tests/systemd.sh): systemd booted in a
# systemd-nspawn container runs a recorded probe as a service with the
# unit lines sandprint wrote.  Root; skipped without systemd-nspawn.
add_test(NAME systemd_unit COMMAND ${CMAKE_CURRENT_SOURCE_DIR}/systemd.sh
	$<TARGET_FILE:sandprint>)
set_tests_properties(systemd_unit PROPERTIES LABELS "live;external"
	TIMEOUT 300 SKIP_RETURN_CODE 77)
