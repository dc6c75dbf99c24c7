/* The kernel BTF cut for the in-kernel recorder's CO-RE relocations
 * (tracer/inkernel_btf.c): on a made-up BTF, what is kept and how; on
 * this kernel's, every member of every struct it keeps against libbpf's
 * reading of the whole. */
#include <criterion/criterion.h>
#include <bpf/btf.h>
#include <errno.h>
#include <linux/btf.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "tracer/inkernel_btf.h"

/* A BTF blob written by hand: header, type records, strings. */
struct blob {
	uint8_t types[1024];
	size_t ntypes;
	char strs[256];
	size_t nstrs;
};

static uint32_t s(struct blob *b, const char *str)
{
	uint32_t at = (uint32_t)b->nstrs;

	if (!*str)
		return 0;
	memcpy(b->strs + b->nstrs, str, strlen(str) + 1);
	b->nstrs += strlen(str) + 1;
	return at;
}

static void put(struct blob *b, const void *p, size_t n)
{
	memcpy(b->types + b->ntypes, p, n);
	b->ntypes += n;
}

static void type(struct blob *b, const char *name, unsigned kind,
		 unsigned vlen, uint32_t size_or_type)
{
	struct btf_type t = {
		.name_off = s(b, name),
		.info = kind << 24 | vlen,
		.size = size_or_type,
	};

	put(b, &t, sizeof(t));
}

static void member(struct blob *b, const char *name, uint32_t type,
		   uint32_t bit_off)
{
	struct btf_member m = { s(b, name), type, bit_off };

	put(b, &m, sizeof(m));
}

static void *finish(struct blob *b, size_t *len)
{
	struct btf_header h = {
		.magic = BTF_MAGIC,
		.version = 1,
		.hdr_len = sizeof(h),
		.type_len = (uint32_t)b->ntypes,
		.str_off = (uint32_t)b->ntypes,
		.str_len = (uint32_t)b->nstrs,
	};
	uint8_t *out = malloc(sizeof(h) + b->ntypes + b->nstrs);

	memcpy(out, &h, sizeof(h));
	memcpy(out + sizeof(h), b->types, b->ntypes);
	memcpy(out + sizeof(h) + b->ntypes, b->strs, b->nstrs);
	*len = sizeof(h) + b->ntypes + b->nstrs;
	return out;
}

/* [1] int, [2] typedef u32 -> 1, [3] ptr -> 9, [4] struct task {u32 pid;
 * struct other *next; union {int a; const char b[2];} u;}, [5] that
 * union, [6] char[2], [7] const char, [8] char, [9] struct other {int x},
 * [10] enum state (2 values). */
static void *made_up(size_t *len)
{
	struct blob b = { .nstrs = 1 };
	uint32_t enc = 32, enc8 = 8;
	struct btf_array arr = { .type = 7, .index_type = 1, .nelems = 2 };
	struct btf_enum e[2] = { { 0, 0 }, { 0, 1 } };

	type(&b, "int", BTF_KIND_INT, 0, 4);
	put(&b, &enc, sizeof(enc));
	type(&b, "u32", BTF_KIND_TYPEDEF, 0, 1);
	type(&b, "", BTF_KIND_PTR, 0, 9);
	type(&b, "task", BTF_KIND_STRUCT, 4, 24);
	member(&b, "pid", 2, 0);
	member(&b, "next", 3, 64);
	member(&b, "u", 5, 128);
	member(&b, "st", 10, 160);
	type(&b, "", BTF_KIND_UNION, 2, 4);
	member(&b, "a", 1, 0);
	member(&b, "b", 6, 0);
	type(&b, "", BTF_KIND_ARRAY, 0, 0);
	put(&b, &arr, sizeof(arr));
	type(&b, "", BTF_KIND_CONST, 0, 8);
	type(&b, "char", BTF_KIND_INT, 0, 1);
	put(&b, &enc8, sizeof(enc8));
	type(&b, "other", BTF_KIND_STRUCT, 1, 4);
	member(&b, "x", 1, 0);
	e[0].name_off = s(&b, "RUNNING");
	e[1].name_off = s(&b, "DEAD");
	type(&b, "state", BTF_KIND_ENUM, 2, 4);
	put(&b, e, sizeof(e));
	return finish(&b, len);
}

static struct btf *cut(const void *in, size_t len, const char *const *names,
		       size_t n)
{
	void *out = NULL;
	size_t olen = 0;
	struct btf *btf;

	cr_assert_eq(sp_inkernel_btf_cut(in, len, names, n, false, &out, &olen),
		     0);
	btf = btf__new(out, (__u32)olen);
	free(out);
	cr_assert_not_null(btf, "libbpf cannot read the cut");
	return btf;
}

static const struct btf_member *member_named(const struct btf *btf,
					     const struct btf_type *t,
					     const char *name)
{
	const struct btf_member *m = btf_members(t);

	for (unsigned i = 0; i < btf_vlen(t); i++)
		if (strcmp(btf__name_by_offset(btf, m[i].name_off), name) == 0)
			return &m[i];
	return NULL;
}

Test(inkernel_btf, keeps_named_struct_with_every_member_and_what_it_embeds)
{
	static const char *const names[] = { "task" };
	size_t len;
	void *in = made_up(&len);
	struct btf *btf = cut(in, len, names, 1);
	int id = btf__find_by_name_kind(btf, "task", BTF_KIND_STRUCT);
	const struct btf_type *t, *mt;
	const struct btf_member *m;

	cr_assert_gt(id, 0);
	t = btf__type_by_id(btf, id);
	cr_assert_eq(btf_vlen(t), 4);
	cr_assert_eq(t->size, 24);
	/* A typedef'd int: the int itself, as CO-RE looks through typedefs. */
	m = member_named(btf, t, "pid");
	cr_assert_not_null(m);
	cr_assert(btf_is_int(btf__type_by_id(btf, m->type)));
	/* A pointer: to void, its target never relocated through it. */
	m = member_named(btf, t, "next");
	cr_assert_not_null(m);
	mt = btf__type_by_id(btf, m->type);
	cr_assert(btf_is_ptr(mt));
	cr_assert_eq(mt->type, 0);
	cr_assert_eq(m->offset, 64);
	/* An embedded union, with its array of const char (const dropped). */
	m = member_named(btf, t, "u");
	cr_assert_not_null(m);
	mt = btf__type_by_id(btf, m->type);
	cr_assert(btf_is_union(mt));
	m = member_named(btf, mt, "b");
	cr_assert_not_null(m);
	mt = btf__type_by_id(btf, m->type);
	cr_assert(btf_is_array(mt));
	cr_assert_eq(btf_array(mt)->nelems, 2);
	cr_assert(btf_is_int(btf__type_by_id(btf, btf_array(mt)->type)));
	/* An enum: its size and name, not its values. */
	m = member_named(btf, t, "st");
	cr_assert_not_null(m);
	mt = btf__type_by_id(btf, m->type);
	cr_assert(btf_is_enum(mt));
	cr_assert_eq(mt->size, 4);
	/* Not asked for, not embedded: left out. */
	cr_assert_lt(btf__find_by_name_kind(btf, "other", BTF_KIND_STRUCT), 0);
	btf__free(btf);
	free(in);
}

Test(inkernel_btf, as_many_names_as_a_program_knows)
{
	/* The program's own BTF names a few hundred structs; every one is
	 * looked for, whatever their number. */
	enum { N = 1000 };
	static char buf[N][16];
	const char *names[N];
	size_t len;
	void *in = made_up(&len);
	struct btf *btf;

	for (int i = 0; i < N - 1; i++) {
		snprintf(buf[i], sizeof(buf[i]), "s%d", i);
		names[i] = buf[i];
	}
	names[N - 1] = "task";
	btf = cut(in, len, names, N);
	cr_assert_gt(btf__find_by_name_kind(btf, "task", BTF_KIND_STRUCT), 0);
	btf__free(btf);
	free(in);
}

Test(inkernel_btf, unknown_names_give_an_empty_cut)
{
	static const char *const names[] = { "nosuch" };
	size_t len;
	void *in = made_up(&len);
	struct btf *btf = cut(in, len, names, 1);

	cr_assert_eq(btf__type_cnt(btf), 1);   /* void only */
	btf__free(btf);
	free(in);
}

Test(inkernel_btf, malformed_input_is_refused)
{
	static const char *const names[] = { "task" };
	size_t len;
	uint8_t *in = made_up(&len);
	void *out = NULL;
	size_t olen;
	struct btf_header *h = (void *)in;
	struct btf_type *t = (void *)(in + sizeof(*h));

	cr_assert_eq(sp_inkernel_btf_cut(in, 10, names, 1, false, &out, &olen),
		     -EINVAL, "a truncated header");
	cr_assert_eq(sp_inkernel_btf_cut(in, len - 8, names, 1, false, &out,
					 &olen),
		     -EINVAL, "strings past the end");
	t->info = 31u << 24;            /* no such kind */
	cr_assert_eq(sp_inkernel_btf_cut(in, len, names, 1, false, &out, &olen),
		     -EINVAL, "an unknown kind");
	h->magic = 0x9feb;              /* the other byte order */
	cr_assert_eq(sp_inkernel_btf_cut(in, len, names, 1, false, &out, &olen),
		     -EINVAL, "the other byte order");
	cr_assert_null(out);
	free(in);
}

/* Every member of cut type cid matches kernel type kid by name, offset
 * and bitfield size; embedded structs and unions alike, recursively. */
static void same_layout(const struct btf *c, int cid, const struct btf *k,
			int kid, int depth)
{
	const struct btf_type *ct = btf__type_by_id(c, (__u32)cid);
	const struct btf_type *kt;
	const struct btf_member *cm, *km;

	kid = btf__resolve_type(k, (__u32)kid);
	kt = btf__type_by_id(k, (__u32)kid);
	cr_assert(depth < 32);
	if (!btf_is_composite(kt)) {
		cr_assert_eq(btf_kind(ct) == BTF_KIND_PTR, btf_is_ptr(kt));
		return;
	}
	cr_assert(btf_is_composite(ct));
	cr_assert_eq(ct->size, kt->size);
	cr_assert_eq(btf_vlen(ct), btf_vlen(kt));
	cm = btf_members(ct);
	km = btf_members(kt);
	for (unsigned i = 0; i < btf_vlen(kt); i++) {
		cr_assert_str_eq(btf__name_by_offset(c, cm[i].name_off),
				 btf__name_by_offset(k, km[i].name_off));
		cr_assert_eq(btf_member_bit_offset(ct, i),
			     btf_member_bit_offset(kt, i));
		cr_assert_eq(btf_member_bitfield_size(ct, i),
			     btf_member_bitfield_size(kt, i));
		same_layout(c, (int)cm[i].type, k, (int)km[i].type, depth + 1);
	}
}

static uint8_t *slurp(const char *path, size_t *len)
{
	size_t cap = 1 << 20;
	uint8_t *raw = malloc(cap);
	FILE *f = fopen(path, "rb");

	*len = 0;
	if (!f) {
		free(raw);
		return NULL;
	}
	for (size_t n; (n = fread(raw + *len, 1, cap - *len, f)) > 0;) {
		*len += n;
		if (*len == cap)
			raw = realloc(raw, cap *= 2);
	}
	fclose(f);
	return raw;
}

Test(inkernel_btf, roots_are_the_structs_the_program_relocates)
{
	size_t len, n;
	uint8_t *obj = slurp(SP_BINARY_DIR "/gen/tracer/inkernel.bpf.o", &len);
	const char **names;
	bool task = false, mount = false, local = false;

	if (!obj)
		cr_skip_test("built without the in-kernel recorder");
	cr_assert_eq(sp_inkernel_btf_roots(obj, len, &names, &n), 0);
	for (size_t i = 0; i < n; i++) {
		task |= strcmp(names[i], "task_struct") == 0;
		mount |= strcmp(names[i], "mount") == 0;
		/* The program's own types are never relocated. */
		local |= strncmp(names[i], "sp_ik_", 6) == 0;
	}
	cr_assert(task && mount && !local);
	cr_assert_eq(sp_inkernel_btf_roots(obj, 64, &names, &n), -EINVAL,
		     "not an object");
	free(names);
	free(obj);
}

/* Every struct of names, cut from the kernel's raw BTF, has the layout
 * libbpf reads in the whole of it. */
static void cut_keeps_layout(const uint8_t *raw, size_t len,
			     const struct btf *kernel, bool first_only)
{
	static const char *const names[] = { "task_struct", "dentry", "mount",
					     "linux_binprm", "pt_regs" };
	size_t n = sizeof(names) / sizeof(names[0]), olen = 0;
	void *out = NULL;
	struct btf *c;

	cr_assert_eq(sp_inkernel_btf_cut(raw, len, names, n, first_only, &out,
					 &olen), 0);
	c = btf__new(out, (__u32)olen);
	free(out);
	cr_assert_not_null(c);
	for (size_t i = 0; i < n; i++) {
		int cid = btf__find_by_name_kind(c, names[i], BTF_KIND_STRUCT);
		int kid = btf__find_by_name_kind(kernel, names[i],
						 BTF_KIND_STRUCT);

		cr_assert_gt(cid, 0, "%s missing from the cut", names[i]);
		same_layout(c, cid, kernel, kid, 0);
	}
	btf__free(c);
}

Test(inkernel_btf, this_kernels_structs_cut_with_their_layout)
{
	struct btf *kernel = btf__load_vmlinux_btf();
	size_t len;
	uint8_t *raw = slurp("/sys/kernel/btf/vmlinux", &len);

	if (!kernel || !raw)
		cr_skip_test("no kernel BTF here");
	cut_keeps_layout(raw, len, kernel, false);
	/* Read no further than the first of each name: the same. */
	cut_keeps_layout(raw, len, kernel, true);
	btf__free(kernel);
	free(raw);
}
