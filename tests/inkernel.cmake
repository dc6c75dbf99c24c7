# The in-kernel recorder (record --via bpf): its trace against the other
# paths', running processes and cgroups, losses, where it cannot run
# (tests/inkernel.sh; needs root, exits 77 where the recorder cannot run);
# and the kernel BTF it cuts for CO-RE, checked against libbpf's reading
# of the whole (inkernel_btf_test.c).
if(TARGET sandprint)
	add_test(NAME inkernel COMMAND ${CMAKE_CURRENT_SOURCE_DIR}/inkernel.sh
		$<TARGET_FILE:sandprint> ${PROJECT_BINARY_DIR}/testdata/progs)
	set_tests_properties(inkernel PROPERTIES LABELS "live" TIMEOUT 300
		SKIP_RETURN_CODE 77)
endif()
if(SP_INKERNEL)
	sp_test(test_inkernel_btf "unit" SOURCES inkernel_btf_test.c
		LIBS sp_tracer PkgConfig::LIBBPF)
endif()
