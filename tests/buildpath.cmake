# The build's generated sources made in a build directory whose path has
# a space (tests/buildpath.sh): a fresh configure, then only the targets
# whose commands go through a shell.
add_test(NAME build_path_with_space
	COMMAND ${CMAKE_CURRENT_SOURCE_DIR}/buildpath.sh ${PROJECT_SOURCE_DIR})
set_tests_properties(build_path_with_space PROPERTIES LABELS "tree"
	TIMEOUT 300)
