add_test(NAME install COMMAND ${CMAKE_CURRENT_SOURCE_DIR}/install.sh
	${PROJECT_BINARY_DIR} ${PROJECT_SOURCE_DIR})
set_tests_properties(install PROPERTIES LABELS "tree" TIMEOUT 300)
