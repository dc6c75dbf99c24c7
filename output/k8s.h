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

/* Writes p as apiVersion security-profiles-operator.x-k8s.io/v1beta1,
 * kind SeccompProfile, metadata.name name (made a resource name with
 * sp_k8s_name), spec: defaultAction, architectures, syscalls (names,
 * action, errnoRet, args: index, value, valueTwo, op).  The rules'
 * comments become YAML comments.  0 or -errno. */
int sp_profile_write_k8s(FILE *f, const struct sp_profile *p,
			 const char *name);

#endif
