#include "tracer/task.h"

#include <stdlib.h>
#include <string.h>

static size_t bucket(pid_t tid)
{
	return (size_t)(uint32_t)tid % SP_TASK_BUCKETS;
}

void sp_task_table_init(struct sp_task_table *tt)
{
	memset(tt, 0, sizeof(*tt));
}

void sp_task_table_fini(struct sp_task_table *tt)
{
	for (size_t b = 0; b < SP_TASK_BUCKETS; b++) {
		struct sp_task *t = tt->buckets[b];

		while (t) {
			struct sp_task *next = t->next;

			sp_own_filters_put(t->own);
			free(t->exec_path);
			free(t);
			t = next;
		}
		tt->buckets[b] = NULL;
	}
	tt->count = 0;
}

struct sp_task *sp_task_find(struct sp_task_table *tt, pid_t tid)
{
	struct sp_task *t;

	for (t = tt->buckets[bucket(tid)]; t; t = t->next)
		if (t->tid == tid)
			return t;
	return NULL;
}

struct sp_task *sp_task_add(struct sp_task_table *tt, pid_t tid)
{
	struct sp_task *t = sp_task_find(tt, tid);
	size_t b = bucket(tid);

	if (t)
		return t;
	t = calloc(1, sizeof(*t));
	if (!t)
		return NULL;
	t->tid = tid;
	t->tgid = tid;
	t->state = SP_TASK_NEW;
	t->mode = SP_MODE_SECCOMP;
	t->next = tt->buckets[b];
	tt->buckets[b] = t;
	tt->count++;
	return t;
}

void sp_task_remove(struct sp_task_table *tt, pid_t tid)
{
	struct sp_task **pp = &tt->buckets[bucket(tid)];

	for (; *pp; pp = &(*pp)->next) {
		if ((*pp)->tid == tid) {
			struct sp_task *t = *pp;

			*pp = t->next;
			sp_own_filters_put(t->own);
			free(t->exec_path);
			free(t);
			tt->count--;
			return;
		}
	}
}

void sp_task_for_group(struct sp_task_table *tt, pid_t tgid,
		       void (*fn)(struct sp_task *t, void *arg), void *arg)
{
	for (size_t b = 0; b < SP_TASK_BUCKETS; b++)
		for (struct sp_task *t = tt->buckets[b]; t; t = t->next)
			if (t->tgid == tgid)
				fn(t, arg);
}

struct sp_own_filters *sp_own_filters_add(const struct sp_own_filters *old,
					  const struct sock_filter *prog,
					  size_t len)
{
	size_t n = old ? old->n : 0;
	struct sp_own_filters *f =
		calloc(1, sizeof(*f) + (n + 1) * sizeof(f->progs[0]));

	if (!f)
		return NULL;
	f->refs = 1;
	for (size_t i = 0; i <= n; i++) {
		const struct sock_filter *src = i < n ? old->progs[i].insns :
							prog;
		size_t l = i < n ? old->progs[i].len : len;

		f->progs[i].insns = malloc((l ? l : 1) * sizeof(*src));
		if (!f->progs[i].insns) {
			f->n = i;
			sp_own_filters_put(f);
			return NULL;
		}
		memcpy(f->progs[i].insns, src, l * sizeof(*src));
		f->progs[i].len = l;
	}
	f->n = n + 1;
	return f;
}

struct sp_own_filters *sp_own_filters_get(struct sp_own_filters *f)
{
	if (f)
		f->refs++;
	return f;
}

void sp_own_filters_put(struct sp_own_filters *f)
{
	if (!f || --f->refs)
		return;
	for (size_t i = 0; i < f->n; i++)
		sp_bpf_fini(&f->progs[i]);
	free(f);
}
