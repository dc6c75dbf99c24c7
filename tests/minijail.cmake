# -f minijail: every call name is one minijail's build knows (its table
# comes from the compiler's <asm/unistd.h>), every line its grammar.
# minijail itself is not packaged in Debian 12: minijail0 accepting the
# policies was checked by hand (docs/containers.md).
add_test(NAME minijail_names COMMAND ${CMAKE_CURRENT_SOURCE_DIR}/minijail.sh
	$<TARGET_FILE:sandprint> ${PROJECT_SOURCE_DIR}/testdata)
set_tests_properties(minijail_names PROPERTIES LABELS "cli" TIMEOUT 60)
