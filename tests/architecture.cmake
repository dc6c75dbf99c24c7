# docs/ARCHITECTURE.md's file tables name every source file of the module
# folders, and no file that is not there (tests/architecture.sh).
add_test(NAME architecture_tables
	COMMAND ${CMAKE_CURRENT_SOURCE_DIR}/architecture.sh ${PROJECT_SOURCE_DIR})
set_tests_properties(architecture_tables PROPERTIES LABELS "tree")
