# The fuzz targets' code over the seed corpora (testdata/, fuzz/seeds/ where
# testdata/ has none) and the inputs
# that once crashed them (fuzz/regressions/): no crash, in every build.
set(SP_FUZZ_SEEDS_trace_json ${PROJECT_SOURCE_DIR}/testdata/traces
	${PROJECT_SOURCE_DIR}/testdata/golden/trace.json)
set(SP_FUZZ_SEEDS_oci_json ${PROJECT_SOURCE_DIR}/testdata/profiles)
set(SP_FUZZ_SEEDS_profile_json ${PROJECT_SOURCE_DIR}/testdata/profiles)
set(SP_FUZZ_SEEDS_oci_state ${PROJECT_SOURCE_DIR}/fuzz/seeds/oci_state)
set(SP_FUZZ_SEEDS_options ${PROJECT_SOURCE_DIR}/fuzz/seeds/options)
set(SP_FUZZ_SEEDS_bpf_file ${PROJECT_SOURCE_DIR}/testdata/bpf)
set(SP_FUZZ_SEEDS_bpf_run ${PROJECT_SOURCE_DIR}/testdata/bpf)
set(SP_FUZZ_SEEDS_calllog ${PROJECT_SOURCE_DIR}/testdata/logs)
foreach(t ${SP_FUZZ_TARGETS})
	add_test(NAME fuzz_replay_${t} COMMAND fuzz-replay-${t}
		${SP_FUZZ_SEEDS_${t}} ${PROJECT_SOURCE_DIR}/fuzz/regressions/${t})
	# libseccomp's own leak (fuzz/lsan.supp) is not sandprint's; the
	# profile it loops on is given up after a second, not 20.  (The
	# path quoted: the sanitizers split their options at spaces.)
	set_tests_properties(fuzz_replay_${t} PROPERTIES LABELS "unit"
		ENVIRONMENT "LSAN_OPTIONS=suppressions='${PROJECT_SOURCE_DIR}/fuzz/lsan.supp';SANDPRINT_COMPILE_TIMEOUT_MS=1000")
endforeach()
