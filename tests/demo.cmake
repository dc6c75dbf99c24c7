# The README's first command, scripts/demo.sh, with the built sandprint:
# a recorded command runs in crun under its own KILL-default profile, and
# a call no code of it asks for (a user namespace) is killed.  Needs root
# and crun.
if(TARGET sandprint)
	add_test(NAME demo_crun COMMAND ${PROJECT_SOURCE_DIR}/scripts/demo.sh
		$<TARGET_FILE:sandprint>)
	set_tests_properties(demo_crun PROPERTIES LABELS "live;external"
		TIMEOUT 300 SKIP_RETURN_CODE 77)
endif()
