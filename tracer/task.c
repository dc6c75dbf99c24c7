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
