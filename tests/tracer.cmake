sp_test(test_tracer_unit "unit" SOURCES tracer_unit_test.c LIBS sp_tracer)
sp_test(test_tracer_live "live" SOURCES tracer_live_test.c
	LIBS sp_tracer sp_analyzer)
foreach(p ${SP_TESTDATA_PROGS})
	add_dependencies(test_tracer_live sp_prog_${p})
endforeach()
