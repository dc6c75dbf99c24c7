/* -f k8s: a security-profiles-operator SeccompProfile custom resource
 * (YAML), what `kubectl apply -f` takes. */
#ifndef SP_OUTPUT_K8S_H
#define SP_OUTPUT_K8S_H

#include <stdio.h>

#include "core/profile.h"

/* Turns s (a command, a file name) into a resource name: lowercase
 * letters, digits and '-', at most 63 characters, starting and ending
 * with a letter or digit; "sandprint-profile" when nothing is left.
 * Writes into buf (len >= 64). */
void sp_k8s_name(const char *s, char *buf, size_t len);

/* p as the SeccompProfile CRD can hold it: argument values are int64
 * there (0 to 2^63 - 1).  Each condition keeps its meaning for every
 * argument value with bit 63 clear, and allows a value with bit 63 set
 * only where the profile allows it or the same value with bit 63 cleared:
 * a mask loses bit 63; a condition true for every value with bit 63 clear
 * (NE, LT, LE above INT64_MAX) is dropped; a rule that only values with
 * bit 63 set could match (EQ, GT, GE above it, a masked value with bit
 * 63) is left out.  The kernel ignores bit 63 of every argument sandprint
 * constrains, or fails the call (tests/formats_test.c asks it), so what
 * the filter lets the workload do is unchanged.  Rules whose argument index repeats (ORed by
 * the runtimes) become one rule per condition, so at most six conditions
 * remain per rule (the CRD's maxItems); rules without names are left
 * out.  *changed: how many conditions were rewritten or dropped.
 * 0 or -ENOMEM. */
int sp_profile_fit_k8s(const struct sp_profile *p, struct sp_profile **out,
		       size_t *changed);

/* Writes p (fitted with sp_profile_fit_k8s) as apiVersion
 * security-profiles-operator.x-k8s.io/v1, kind SeccompProfile,
 * metadata.name name (made a resource name with sp_k8s_name), spec:
 * defaultAction, architectures, syscalls (names, action, errnoRet, args:
 * index, value, valueTwo, op), which the operator's CRD (v1 schema)
 * accepts.  The rules' comments become YAML comments.  0 or -errno. */
int sp_profile_write_k8s(FILE *f, const struct sp_profile *p,
			 const char *name);

#endif
