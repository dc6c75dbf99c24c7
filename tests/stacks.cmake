# Evidence behind rules (issue 7): call-site stacks (tracer/unwind.c,
# tracer/elf.c), their trace keys (output/trace_json.c) and the CLI's
# record --stacks (run through the sandprint binary).
sp_test(test_stacks "live" SOURCES stacks_test.c
	LIBS sp_tracer sp_analyzer sp_output)
if(TARGET sandprint)
	target_compile_definitions(test_stacks PRIVATE
		SP_SANDPRINT="$<TARGET_FILE:sandprint>")
	add_dependencies(test_stacks sandprint)
endif()
add_dependencies(test_stacks sp_prog_callsite sp_prog_callsite_static
	sp_prog_callsite_dlopen sp_prog_callsite_signal sp_prog_callsite_mangled
	sp_prog_callsite_badframe
	sp_prog_syscalls sp_prog_threads)
set_tests_properties(test_stacks PROPERTIES TIMEOUT 300)
