#!/bin/bash
# k8s.sh - -f k8s judged by its consumer: every SeccompProfile sandprint
# writes must validate against the security-profiles-operator's CRD
# (testdata/k8s/seccompprofile-crd.yaml, its v1 openAPIV3Schema, numbers as
# the API server reads them) and decode into its Go types
# (tests/k8s_crd.py).  Profiles of: the fixture trace and a live recording
# of argrules (socket, prctl, W^X mmap/mprotect masks), with --args none,
# auto and strict and two default actions.  A negative control (a 64-bit
# mask written as is) must be rejected, so the check can fail.
#
# Usage: k8s.sh SANDPRINT TESTDATA PROGDIR
set -u
. "$(dirname -- "$0")/lib.sh"
SP=$(realpath -e -- "$1") || exit 2
TD=$(realpath -e -- "$2") || exit 2
PROGS=$(realpath -e -- "$3") || exit 2
CRD=$TD/k8s/seccompprofile-crd.yaml
# The python3 on PATH (a pyenv's, a virtualenv's) when it has them, else
# Debian's, the one scripts/deps.sh installs them for.
PY=python3
$PY -c 'import jsonschema, yaml' 2>/dev/null || PY=/usr/bin/python3
$PY -c 'import jsonschema, yaml' 2>/dev/null ||
	{ echo "k8s: python3-jsonschema and python3-yaml missing (scripts/deps.sh)" >&2; exit 2; }
sp_begin k8s

traces=("$TD/golden/trace.json")
if [ "$(id -u)" = 0 ]; then
	"$SP" record -q -o live.json -- "$PROGS/argrules" seen >/dev/null 2>&1 &&
		traces+=("$WORK/live.json") ||
		bad record_argrules "sandprint record failed"
fi
n=0
for t in "${traces[@]}"; do
	for args in none auto strict; do
		for act in errno kill-process; do
			n=$((n + 1))
			out="p$n.yaml"
			if ! "$SP" profile -f k8s --args $args --default-action $act \
				-o "$out" "$t" 2>err.txt; then
				bad "profile_$n" "$(head -n 1 err.txt)"
				continue
			fi
			grep -q '^apiVersion: security-profiles-operator.x-k8s.io/v1$' "$out" ||
				bad "v1_$n" "apiVersion is $(grep '^apiVersion' "$out")"
			if "$PY" "$HERE/k8s_crd.py" "$CRD" "$out" >val.txt; then
				ok "$(basename "$t" .json)_args_${args}_${act}_validates"
			else
				bad "$(basename "$t" .json)_args_${args}_${act}_validates" "$(tr '\n' ' ' <val.txt)"
			fi
		done
	done
done
# The live recording has the masks that overflowed int64 before.
if [ -e live.json ]; then
	grep -q 'value: 92233720368547758' p7.yaml p9.yaml p11.yaml &&
		ok live_profiles_have_63_bit_masks ||
		bad live_profiles_have_63_bit_masks "no mask near 2^63 in the live profiles: the test lost its point"
fi

# Docker's and Podman's defaults merged into one SeccompProfile (their
# masks, their ERRNO rules).
if "$SP" merge -f k8s --default-action errno --name container-defaults \
	-o merged.yaml docker-default podman-default 2>err.txt &&
	"$PY" "$HERE/k8s_crd.py" "$CRD" merged.yaml >val.txt; then
	ok merged_defaults_validate
else
	bad merged_defaults_validate "$(cat err.txt val.txt | tr '\n' ' ')"
fi

cat >neg.yaml <<'YAML'
apiVersion: security-profiles-operator.x-k8s.io/v1
kind: SeccompProfile
metadata:
  name: overflow
spec:
  defaultAction: SCMP_ACT_ERRNO
  syscalls:
  - action: SCMP_ACT_ALLOW
    names: ["mprotect"]
    args:
    - {index: 2, value: 18446744073709551608, valueTwo: 0, op: SCMP_CMP_MASKED_EQ}
YAML
if "$PY" "$HERE/k8s_crd.py" "$CRD" neg.yaml >val.txt; then
	bad negative_control_64_bit_mask_rejected "validated: $(tr '\n' ' ' <val.txt)"
else
	ok negative_control_64_bit_mask_rejected
fi

sp_end
