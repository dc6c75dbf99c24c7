# -f k8s against the security-profiles-operator's SeccompProfile CRD (v1
# schema) and its Go types (tests/k8s.sh, tests/k8s_crd.py); needs
# python3-jsonschema and python3-yaml (scripts/deps.sh), and root for the
# live recording.
add_test(NAME k8s_crd COMMAND ${CMAKE_CURRENT_SOURCE_DIR}/k8s.sh
	$<TARGET_FILE:sandprint> ${PROJECT_SOURCE_DIR}/testdata
	${PROJECT_BINARY_DIR}/testdata/progs)
set_tests_properties(k8s_crd PROPERTIES LABELS "live" TIMEOUT 300)
