/* The part of the kernel's BTF the in-kernel recorder's program needs
 * relocated (CO-RE), cut out of the whole: libbpf parses the kernel's 5 MB
 * of types (125k of them here) in about 10 ms and 11 MB, and searches
 * them linearly for every relocated type; cut to the program's structs
 * it relocates in a fraction of a millisecond. */
#ifndef SP_TRACER_INKERNEL_BTF_H
#define SP_TRACER_INKERNEL_BTF_H

#include <stdbool.h>
#include <stddef.h>

/* From kbtf (raw BTF as /sys/kernel/btf/vmlinux holds it, klen bytes),
 * a BTF blob that holds every struct and union named in names[] (each
 * one of that name, if several; with first_only, the first one, and the
 * kernel's types are read no further than it takes: names that are not
 * the kernel's make it read them all) with all its members, and what they
 * embed: structs, unions, arrays, integers, enums (without their
 * values), floats and forward declarations; pointers become void
 * pointers and typedefs and qualifiers are resolved, as CO-RE looks
 * through them.  Member offsets, sizes and bitfields are the kernel's.
 *
 * Returns 0 with *out (malloc'd, the caller frees) and *len; -EINVAL
 * when kbtf is not BTF this reads (a kind it does not know, another
 * byte order, out-of-range offsets); -ENOMEM. */
int sp_inkernel_btf_cut(const void *kbtf, size_t klen,
			const char *const *names, size_t nnames,
			bool first_only, void **out, size_t *len);

/* The structs and unions a BPF object's CO-RE relocations are rooted in
 * (its .BTF.ext records, their types' names in its .BTF), for the cut:
 * obj is the object (ELF, len bytes).  *out (the caller frees the array,
 * not the names, which point into obj) and *n.  0, -EINVAL when obj is
 * not an object with relocations this reads, -ENOMEM. */
int sp_inkernel_btf_roots(const void *obj, size_t len, const char ***out,
			  size_t *n);

#endif
