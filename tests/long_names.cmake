# Messages keep their reason and place whatever the length of the names
# they quote; merged comments count the inputs they leave out
# (tests/long_names.sh).
if(TARGET sandprint)
	add_test(NAME long_names COMMAND ${CMAKE_CURRENT_SOURCE_DIR}/long_names.sh
		$<TARGET_FILE:sandprint> ${PROJECT_SOURCE_DIR}/testdata)
	set_tests_properties(long_names PROPERTIES LABELS "cli" TIMEOUT 120)
endif()
