# The layering as a build rule and from the sources (tests/layers.sh):
# module includes, one include site per third-party library, the include
# roots and the whole-library link checks of sp_module.
add_test(NAME layers COMMAND ${CMAKE_CURRENT_SOURCE_DIR}/layers.sh
	${PROJECT_SOURCE_DIR} ${PROJECT_BINARY_DIR} ${CMAKE_C_COMPILER})
set_tests_properties(layers PROPERTIES LABELS "tree")
