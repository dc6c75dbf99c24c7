#include "tracer/inkernel_btf.h"

#include <elf.h>
#include <errno.h>
#include <linux/bpf.h>
#include <linux/btf.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "core/array.h"

/* The kernel's BTF as read: where each type id's record starts. */
struct in {
	const uint8_t *types;
	uint32_t types_len;
	const char *strs;
	uint32_t strs_len;
	/* off[r / STRIDE]: record r - r % STRIDE (record r is type id r + 1);
	 * the ones between are found by walking from there.  Memory is dear where
	 * every fresh page costs a fault: a full index is 500 KiB. */
	uint32_t *off;
	uint32_t noff, cap;
	uint32_t n;          /* ids 1..n-1 indexed */
	uint32_t pos;        /* where id n's record starts */
	/* Named structs and unions indexed and not yet looked up by name:
	 * pairs of id and name. */
	uint32_t *cands;
	uint32_t ncands, cands_cap;
	uint32_t *roots;     /* the ids of the structs asked for by name */
	uint32_t nroots, roots_cap;
};

/* A growing byte buffer. */
struct buf {
	uint8_t *p;
	size_t len, cap;
};

/* The cut: new ids are given in the order types are asked for, and
 * records written in that order, so a record may name ids given after
 * it (BTF allows it: there are no cycles by value). */
struct out {
	struct in *in;
	struct buf types, strs;
	uint32_t *ids;       /* ids[kernel id]: new id, 0 not given yet */
	size_t nids;         /* ids' length: past in->n, as it grows */
	uint32_t *queue;     /* kernel ids in new-id order, from new id 1 */
	uint32_t nqueue, queue_cap;
	uint32_t done;       /* queue entries written */
	uint32_t void_ptr;   /* the new id of "void *", 0 until needed */
	uint32_t index_int;  /* an unsigned int for arrays' index type */
	int err;
};

/* Queue markers for the two types of our own (kernel ids are below). */
#define MARK_VOID_PTR UINT32_MAX
#define MARK_INDEX_INT (UINT32_MAX - 1)

static int put(struct buf *b, const void *p, size_t n)
{
	if (b->len + n > b->cap) {
		size_t cap = b->cap ? b->cap : 4096;
		uint8_t *q;

		while (cap < b->len + n)
			cap *= 2;
		q = realloc(b->p, cap);
		if (!q)
			return -ENOMEM;
		b->p = q;
		b->cap = cap;
	}
	memcpy(b->p + b->len, p, n);
	b->len += n;
	return 0;
}

#define STRIDE 16

/* The length of a type's record: a fixed part and one per vlen item, by
 * kind (a table: a switch costs a mispredicted branch per record, and
 * there are 125k of them).  0 for a kind this does not know. */
static const uint8_t fixed_len[NR_BTF_KINDS] = {
	[BTF_KIND_INT] = sizeof(struct btf_type) + sizeof(uint32_t),
	[BTF_KIND_PTR] = sizeof(struct btf_type),
	[BTF_KIND_ARRAY] = sizeof(struct btf_type) + sizeof(struct btf_array),
	[BTF_KIND_STRUCT] = sizeof(struct btf_type),
	[BTF_KIND_UNION] = sizeof(struct btf_type),
	[BTF_KIND_ENUM] = sizeof(struct btf_type),
	[BTF_KIND_FWD] = sizeof(struct btf_type),
	[BTF_KIND_TYPEDEF] = sizeof(struct btf_type),
	[BTF_KIND_VOLATILE] = sizeof(struct btf_type),
	[BTF_KIND_CONST] = sizeof(struct btf_type),
	[BTF_KIND_RESTRICT] = sizeof(struct btf_type),
	[BTF_KIND_FUNC] = sizeof(struct btf_type),
	[BTF_KIND_FUNC_PROTO] = sizeof(struct btf_type),
	[BTF_KIND_VAR] = sizeof(struct btf_type) + sizeof(struct btf_var),
	[BTF_KIND_DATASEC] = sizeof(struct btf_type),
	[BTF_KIND_FLOAT] = sizeof(struct btf_type),
	[BTF_KIND_DECL_TAG] = sizeof(struct btf_type) +
			      sizeof(struct btf_decl_tag),
	[BTF_KIND_TYPE_TAG] = sizeof(struct btf_type),
	[BTF_KIND_ENUM64] = sizeof(struct btf_type),
};
static const uint8_t item_len[NR_BTF_KINDS] = {
	[BTF_KIND_STRUCT] = sizeof(struct btf_member),
	[BTF_KIND_UNION] = sizeof(struct btf_member),
	[BTF_KIND_ENUM] = sizeof(struct btf_enum),
	[BTF_KIND_FUNC_PROTO] = sizeof(struct btf_param),
	[BTF_KIND_DATASEC] = sizeof(struct btf_var_secinfo),
	[BTF_KIND_ENUM64] = sizeof(struct btf_enum64),
};

static inline size_t record_len(const struct btf_type *t)
{
	unsigned kind = BTF_INFO_KIND(t->info);

	if (kind >= NR_BTF_KINDS || !fixed_len[kind])
		return 0;
	return fixed_len[kind] + (size_t)BTF_INFO_VLEN(t->info) * item_len[kind];
}

static const char *name_at(const struct in *in, uint32_t off)
{
	return off < in->strs_len ? in->strs + off : "";
}

/* The names wanted, hashed: a scan of every struct's name against them
 * is most of the time the cut takes. */
/* The names asked for, hashed: a scan of every struct's name against them
 * is most of the time the cut takes. */
struct names {
	const char **slot;   /* open addressing, at most half full */
	bool *found;         /* per slot: a struct of that name was */
	uint32_t mask;       /* slots - 1, a power of two less one */
	uint32_t left;       /* names not found yet */
	bool stop;           /* stop indexing when none is left */
};

static uint32_t name_hash(const char *s)
{
	uint32_t h = 2166136261u;

	for (; *s; s++)
		h = (h ^ (uint8_t)*s) * 16777619u;
	return h;
}

static int names_init(struct names *set, const char *const *names, size_t n,
		      bool stop)
{
	size_t slots = 64;

	while (slots < 2 * n)
		slots *= 2;
	set->slot = calloc(slots, sizeof(*set->slot));
	set->found = calloc(slots, sizeof(*set->found));
	if (!set->slot || !set->found)
		return -ENOMEM;
	set->mask = (uint32_t)slots - 1;
	set->stop = stop;
	for (size_t i = 0; i < n; i++) {
		uint32_t h = name_hash(names[i]) & set->mask;

		while (set->slot[h] && strcmp(set->slot[h], names[i]) != 0)
			h = (h + 1) & set->mask;
		if (!set->slot[h])
			set->left++;
		set->slot[h] = names[i];
	}
	return 0;
}

/* Whether s is asked for; the first time, one name less is left. */
static bool wanted(struct names *set, const char *s)
{
	for (uint32_t h = name_hash(s) & set->mask; set->slot[h];
	     h = (h + 1) & set->mask)
		if (strcmp(set->slot[h], s) == 0) {
			if (!set->found[h]) {
				set->found[h] = true;
				set->left--;
			}
			return true;
		}
	return false;
}

static int push(uint32_t **v, uint32_t *n, uint32_t *cap, uint32_t x)
{
	if (*n == *cap) {
		uint32_t c = *cap ? 2 * *cap : 1024;
		uint32_t *w = realloc(*v, c * sizeof(*w));

		if (!w)
			return -ENOMEM;
		*v = w;
		*cap = c;
	}
	(*v)[(*n)++] = x;
	return 0;
}

/* Looks the candidates up by name, those asked for into in->roots.  The
 * names are scattered over 2 MB of strings, a cache miss each: they are
 * fetched some way ahead of their turn. */
static int keep_wanted(struct in *in, struct names *set)
{
	for (uint32_t i = 0; i < in->ncands; i += 2) {
		if (i + 16 < in->ncands && in->cands[i + 17] < in->strs_len)
			__builtin_prefetch(in->strs + in->cands[i + 17]);
		if (wanted(set, name_at(in, in->cands[i + 1])) &&
		    push(&in->roots, &in->nroots, &in->roots_cap, in->cands[i]))
			return -ENOMEM;
	}
	in->ncands = 0;
	return 0;
}

/* Opens kbtf for indexing (index()). */
static int parse(const void *kbtf, size_t klen, struct in *in)
{
	const struct btf_header *h = kbtf;

	if (klen < sizeof(*h) || h->magic != BTF_MAGIC || h->version != 1 ||
	    h->hdr_len < sizeof(*h) || h->hdr_len > klen ||
	    (uint64_t)h->hdr_len + h->type_off + h->type_len > klen ||
	    (uint64_t)h->hdr_len + h->str_off + h->str_len > klen ||
	    h->str_len == 0)
		return -EINVAL;
	in->types = (const uint8_t *)kbtf + h->hdr_len + h->type_off;
	in->types_len = h->type_len;
	in->strs = (const char *)kbtf + h->hdr_len + h->str_off;
	in->strs_len = h->str_len;
	if (in->strs[in->strs_len - 1] != '\0')
		return -EINVAL;
	/* About 25 bytes a type in the kernel's: one allocation. */
	in->cap = in->types_len / (16 * STRIDE) + 64;
	in->off = malloc(in->cap * sizeof(*in->off));
	if (!in->off)
		return -ENOMEM;
	in->n = 1;
	return 0;
}

/* Indexes the types of kbtf up to id upto (all: UINT32_MAX) or, with a
 * set that says stop, until every name in it has been found once,
 * listing in in->roots the structs and unions it names.  Resumes where
 * the last call stopped: the 5 MB are mostly memory traffic, and the
 * structs a program reads are core types, with low ids. */
static int index_types(struct in *in, struct names *set, uint32_t upto)
{
	while (in->pos < in->types_len && in->n <= upto &&
	       !(set && set->stop && !set->left)) {
		const struct btf_type *t;
		unsigned kind;
		size_t len;

		if (in->types_len - in->pos < sizeof(*t))
			return -EINVAL;
		t = (const void *)(in->types + in->pos);
		len = record_len(t);
		if (!len || len > in->types_len - in->pos)
			return -EINVAL;
		if ((in->n - 1) % STRIDE == 0 &&
		    push(&in->off, &in->noff, &in->cap, in->pos))
			return -ENOMEM;
		kind = BTF_INFO_KIND(t->info);
		if (set && (kind == BTF_KIND_STRUCT || kind == BTF_KIND_UNION) &&
		    t->name_off &&
		    (push(&in->cands, &in->ncands, &in->cands_cap, in->n) ||
		     push(&in->cands, &in->ncands, &in->cands_cap,
			  t->name_off)))
			return -ENOMEM;
		/* In batches: a batch's names are fetched ahead. */
		if (set && in->ncands >= 512 && keep_wanted(in, set))
			return -ENOMEM;
		in->n++;
		in->pos += (uint32_t)len;
	}
	return set ? keep_wanted(in, set) : 0;
}

/* Type id's record (id < in->n: index_types checked every record's
 * length up to there). */
static const struct btf_type *type_at(const struct in *in, uint32_t id)
{
	uint32_t r = id - 1, pos = in->off[r / STRIDE];

	for (uint32_t i = 0; i < r % STRIDE; i++)
		pos += (uint32_t)record_len((const void *)(in->types + pos));
	return (const void *)(in->types + pos);
}

/* A new id for kernel id kid (or a marker), queued for writing. */
static uint32_t give(struct out *o, uint32_t kid)
{
	if (o->nqueue == o->queue_cap) {
		uint32_t cap = o->queue_cap ? o->queue_cap * 2 : 256;
		uint32_t *q = realloc(o->queue, cap * sizeof(*q));

		if (!q) {
			o->err = -ENOMEM;
			return 0;
		}
		o->queue = q;
		o->queue_cap = cap;
	}
	o->queue[o->nqueue++] = kid;
	return o->nqueue;       /* new ids start at 1 */
}

/* The new id standing for kernel id kid: qualifiers and typedefs looked
 * through, pointers as void pointers; 0 (void) for what a struct cannot
 * embed. */
static uint32_t id_of(struct out *o, uint32_t kid)
{
	struct in *in = o->in;

	for (int hops = 0; hops < 64; hops++) {
		const struct btf_type *t;
		int rc;

		/* Past what is indexed: index on to it. */
		if (kid >= in->n && (rc = index_types(in, NULL, kid)) != 0) {
			o->err = rc;
			return 0;
		}
		if (kid == 0 || kid >= in->n)
			return 0;
		/* Grown with the index, not made for every type the kernel
		 * has (1.7 MB to zero, a third of the cut's time, where it
		 * reads a few thousand); entries 0 until given. */
		if ((rc = sp_array_cover(&o->ids, &o->nids, in->n,
					 sizeof(*o->ids))) != 0) {
			o->err = rc;
			return 0;
		}
		if (o->ids[kid])
			return o->ids[kid];
		t = type_at(in, kid);
		switch (BTF_INFO_KIND(t->info)) {
		case BTF_KIND_TYPEDEF:
		case BTF_KIND_VOLATILE:
		case BTF_KIND_CONST:
		case BTF_KIND_RESTRICT:
		case BTF_KIND_TYPE_TAG:
			kid = t->type;
			continue;
		case BTF_KIND_PTR:
			if (!o->void_ptr)
				o->void_ptr = give(o, MARK_VOID_PTR);
			return o->void_ptr;
		case BTF_KIND_INT:
		case BTF_KIND_ARRAY:
		case BTF_KIND_STRUCT:
		case BTF_KIND_UNION:
		case BTF_KIND_ENUM:
		case BTF_KIND_ENUM64:
		case BTF_KIND_FWD:
		case BTF_KIND_FLOAT:
			o->ids[kid] = give(o, kid);
			return o->ids[kid];
		default:
			return 0;
		}
	}
	return 0;
}

static uint32_t str(struct out *o, uint32_t koff)
{
	const char *s = name_at(o->in, koff);
	uint32_t at = (uint32_t)o->strs.len;

	if (!*s)
		return 0;
	if (put(&o->strs, s, strlen(s) + 1))
		o->err = -ENOMEM;
	return at;
}

/* Writes the record of queue entry kid. */
static void write_one(struct out *o, uint32_t kid)
{
	const struct in *in = o->in;
	const struct btf_type *t;
	struct btf_type nt = { 0 };
	int rc = 0;

	if (kid == MARK_VOID_PTR) {
		nt.info = BTF_KIND_PTR << 24;
		rc = put(&o->types, &nt, sizeof(nt));
		goto out;
	}
	if (kid == MARK_INDEX_INT) {
		uint32_t enc = 32;

		nt.info = BTF_KIND_INT << 24;
		nt.size = 4;
		rc = put(&o->types, &nt, sizeof(nt));
		if (!rc)
			rc = put(&o->types, &enc, sizeof(enc));
		goto out;
	}
	t = type_at(in, kid);
	nt = *t;
	nt.name_off = str(o, t->name_off);
	switch (BTF_INFO_KIND(t->info)) {
	case BTF_KIND_INT:
		rc = put(&o->types, &nt, sizeof(nt));
		if (!rc)
			rc = put(&o->types, t + 1, sizeof(uint32_t));
		break;
	case BTF_KIND_ENUM:
	case BTF_KIND_ENUM64:
		/* Values are never relocated against: size and name only. */
		nt.info &= ~0xffffu;
		rc = put(&o->types, &nt, sizeof(nt));
		break;
	case BTF_KIND_FWD:
	case BTF_KIND_FLOAT:
		rc = put(&o->types, &nt, sizeof(nt));
		break;
	case BTF_KIND_ARRAY: {
		const struct btf_array *a = (const void *)(t + 1);
		struct btf_array na = { .nelems = a->nelems };

		na.type = id_of(o, a->type);
		if (!o->index_int)
			o->index_int = give(o, MARK_INDEX_INT);
		na.index_type = o->index_int;
		rc = put(&o->types, &nt, sizeof(nt));
		if (!rc)
			rc = put(&o->types, &na, sizeof(na));
		break;
	}
	case BTF_KIND_STRUCT:
	case BTF_KIND_UNION: {
		const struct btf_member *m = (const void *)(t + 1);

		rc = put(&o->types, &nt, sizeof(nt));
		for (uint32_t i = 0; !rc && i < BTF_INFO_VLEN(t->info); i++) {
			struct btf_member nm = m[i];

			nm.name_off = str(o, m[i].name_off);
			nm.type = id_of(o, m[i].type);
			rc = put(&o->types, &nm, sizeof(nm));
		}
		break;
	}
	default:
		rc = -EINVAL;
		break;
	}
out:
	if (rc && !o->err)
		o->err = rc;
}

int sp_inkernel_btf_cut(const void *kbtf, size_t klen,
			const char *const *names, size_t nnames,
			bool first_only, void **out, size_t *len)
{
	struct in in = { 0 };
	struct out o = { .in = &in };
	struct names set = { 0 };
	struct btf_header h = {
		.magic = BTF_MAGIC,
		.version = 1,
		.hdr_len = sizeof(h),
	};
	uint8_t *blob;
	int rc;

	rc = names_init(&set, names, nnames, first_only);
	if (!rc)
		rc = parse(kbtf, klen, &in);
	if (!rc)
		rc = index_types(&in, &set, UINT32_MAX);
	if (rc)
		goto done;
	if (put(&o.strs, "", 1)) {
		rc = -ENOMEM;
		goto done;
	}
	for (uint32_t i = 0; i < in.nroots; i++)
		id_of(&o, in.roots[i]);
	/* Writing a record may queue the types it embeds. */
	while (!o.err && o.done < o.nqueue)
		write_one(&o, o.queue[o.done++]);
	rc = o.err;
	if (rc)
		goto done;
	h.type_len = (uint32_t)o.types.len;
	h.str_off = h.type_len;
	h.str_len = (uint32_t)o.strs.len;
	*len = sizeof(h) + o.types.len + o.strs.len;
	blob = malloc(*len);
	if (!blob) {
		rc = -ENOMEM;
		goto done;
	}
	memcpy(blob, &h, sizeof(h));
	/* An empty cut has no types: memcpy takes no NULL, even for 0. */
	if (o.types.len)
		memcpy(blob + sizeof(h), o.types.p, o.types.len);
	if (o.strs.len)
		memcpy(blob + sizeof(h) + o.types.len, o.strs.p, o.strs.len);
	*out = blob;
done:
	free(set.slot);
	free(set.found);
	free(in.off);
	free(in.cands);
	free(in.roots);
	free(o.ids);
	free(o.queue);
	free(o.types.p);
	free(o.strs.p);
	return rc;
}

/* The header of .BTF.ext (the BPF object's relocations; libbpf's format,
 * not in the uapi headers). */
struct btf_ext_header {
	uint16_t magic;
	uint8_t version;
	uint8_t flags;
	uint32_t hdr_len;
	uint32_t func_info_off, func_info_len;
	uint32_t line_info_off, line_info_len;
	uint32_t core_relo_off, core_relo_len;
};

/* Section name's bytes in the ELF object, or NULL. */
static const uint8_t *section(const uint8_t *elf, size_t len, const char *name,
			      size_t *size)
{
	const Elf64_Ehdr *eh = (const void *)elf;
	const Elf64_Shdr *sh, *names;

	if (len < sizeof(*eh) || memcmp(eh->e_ident, ELFMAG, SELFMAG) ||
	    eh->e_ident[EI_CLASS] != ELFCLASS64 ||
	    eh->e_shentsize != sizeof(*sh) || eh->e_shoff > len ||
	    (len - eh->e_shoff) / sizeof(*sh) < eh->e_shnum ||
	    eh->e_shstrndx >= eh->e_shnum)
		return NULL;
	sh = (const void *)(elf + eh->e_shoff);
	names = &sh[eh->e_shstrndx];
	for (unsigned i = 0; i < eh->e_shnum; i++) {
		const char *n;

		if (sh[i].sh_name >= names->sh_size ||
		    names->sh_offset + names->sh_size > len ||
		    sh[i].sh_offset > len || sh[i].sh_size > len - sh[i].sh_offset)
			continue;
		n = (const char *)elf + names->sh_offset + sh[i].sh_name;
		if (strnlen(n, names->sh_size - sh[i].sh_name) <
			    names->sh_size - sh[i].sh_name &&
		    strcmp(n, name) == 0) {
			*size = sh[i].sh_size;
			return elf + sh[i].sh_offset;
		}
	}
	return NULL;
}

/* The struct or union type id stands for (qualifiers and typedefs looked
 * through): its name, or NULL. */
static const char *struct_name(struct in *in, uint32_t id)
{
	for (int hops = 0; hops < 64 && id && id < in->n; hops++) {
		const struct btf_type *t = type_at(in, id);

		switch (BTF_INFO_KIND(t->info)) {
		case BTF_KIND_TYPEDEF:
		case BTF_KIND_VOLATILE:
		case BTF_KIND_CONST:
		case BTF_KIND_RESTRICT:
		case BTF_KIND_TYPE_TAG:
			id = t->type;
			continue;
		case BTF_KIND_STRUCT:
		case BTF_KIND_UNION:
			return t->name_off ? name_at(in, t->name_off) : NULL;
		default:
			return NULL;
		}
	}
	return NULL;
}

int sp_inkernel_btf_roots(const void *obj, size_t len, const char ***out,
			  size_t *n)
{
	const uint8_t *btf, *ext, *p, *end;
	const struct btf_ext_header *eh;
	size_t btf_len, ext_len;
	struct in in = { 0 };
	const char **names = NULL;
	size_t nnames = 0, cap = 0;
	uint32_t rec;
	int rc;

	btf = section(obj, len, ".BTF", &btf_len);
	ext = section(obj, len, ".BTF.ext", &ext_len);
	eh = (const void *)ext;
	if (!btf || !ext || ext_len < sizeof(*eh) || eh->magic != BTF_MAGIC ||
	    eh->hdr_len < sizeof(*eh) || eh->hdr_len > ext_len ||
	    eh->core_relo_off > ext_len - eh->hdr_len ||
	    eh->core_relo_len > ext_len - eh->hdr_len - eh->core_relo_off ||
	    eh->core_relo_len < sizeof(rec))
		return -EINVAL;
	rc = parse(btf, btf_len, &in);
	if (!rc)
		rc = index_types(&in, NULL, UINT32_MAX);
	if (rc)
		goto out;
	p = ext + eh->hdr_len + eh->core_relo_off;
	end = p + eh->core_relo_len;
	memcpy(&rec, p, sizeof(rec));
	p += sizeof(rec);
	rc = -EINVAL;
	if (rec < sizeof(struct bpf_core_relo))
		goto out;
	/* Per program section: its name, how many records, the records. */
	while (end - p >= 8) {
		uint32_t info[2];

		memcpy(info, p, sizeof(info));
		p += sizeof(info);
		if ((uint64_t)info[1] * rec > (uint64_t)(end - p))
			goto out;
		for (uint32_t i = 0; i < info[1]; i++, p += rec) {
			struct bpf_core_relo r;
			const char *name;
			size_t k;

			memcpy(&r, p, sizeof(r));
			name = struct_name(&in, r.type_id);
			for (k = 0; name && k < nnames; k++)
				if (strcmp(names[k], name) == 0)
					break;
			if (!name || k < nnames)
				continue;
			if (nnames == cap) {
				const char **v;

				cap = cap ? 2 * cap : 32;
				v = realloc(names, cap * sizeof(*v));
				if (!v) {
					rc = -ENOMEM;
					goto out;
				}
				names = v;
			}
			names[nnames++] = name;
		}
	}
	rc = 0;
out:
	free(in.off);
	if (rc) {
		free(names);
		return rc;
	}
	*out = names;
	*n = nnames;
	return 0;
}
