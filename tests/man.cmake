# Man pages (tests/man.sh): groff -man -ww -z is silent on every page in
# man/, and every option that 'sandprint --help' and 'sandprint CMD --help'
# print appears in sandprint.1 and sandprint-CMD.1; the tables the pages
# copy (analyzer/argkind.def, runtime.def, cli/format.c's formats) are
# theirs.  Needs groff (groff-base).
if(TARGET sandprint)
	add_test(NAME man_pages
		COMMAND ${CMAKE_CURRENT_SOURCE_DIR}/man.sh
			$<TARGET_FILE:sandprint> ${PROJECT_SOURCE_DIR}/man)
	set_tests_properties(man_pages PROPERTIES LABELS "tree")
else()
	message(STATUS "man_pages: no sandprint target, test not added")
endif()
