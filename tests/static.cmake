# Static coverage (issue 18): the objects a recording lists
# (tracer/maps.c), the analysis of their code (tracer/code.c,
# tracer/static.c) and its cache, and the [static] and [language] rules
# (analyzer/generate.c), on testdata/progs/static_*, imports_connect and
# threads.
sp_test(test_static "live" SOURCES static_test.c
	LIBS sp_tracer sp_analyzer sp_output sp_probe)
add_dependencies(test_static sp_prog_static_sites sp_prog_static_uselib
	sp_prog_static_dlopen sp_prog_static_gomark sp_prog_imports_connect
	sp_prog_static_spawn sp_static_lib sp_prog_static_jit
	sp_prog_static_plugin sp_prog_static_tls_use sp_prog_static_tls_setup
	sp_prog_threads sp_prog_static_wrap sp_prog_static_wrap_s
	sp_prog_static_computed sp_prog_static_gosock sp_prog_static_tcset
	sp_prog_static_unrecorded sp_prog_static_unrecorded_computed)
if(TARGET sp_prog_static_wrap32)
	add_dependencies(test_static sp_prog_static_wrap32)
endif()
set_tests_properties(test_static PROPERTIES TIMEOUT 300)
