#include "tracer/unwind.h"

#include <dlfcn.h>
#include <elf.h>
#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <libunwind-ptrace.h>
#include <signal.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "core/array.h"
#include "tracer/elf.h"
#include "tracer/proc.h"

/* Pages of the tracee read during one capture.  libunwind reads the
 * stack and the unwind tables (.eh_frame_hdr's binary search, FDEs, CIEs)
 * a word at a time, one PTRACE_PEEKDATA each: some fifty per frame,
 * measured.  A page read (sp_proc_read_mem) serves the words around it.
 * Emptied at each capture: the stack changes between stops. */
#define PAGE_CACHE 16
#define PAGE_SIZE_ 4096

struct page {
	uint64_t base;
	unsigned char bytes[PAGE_SIZE_];
};

struct page_cache {
	pid_t tid;
	size_t n, next;
	struct page pages[PAGE_CACHE];
};

/* One file-backed or named mapping of /proc/PID/maps. */
struct map {
	uint64_t start, end, pgoff, ino;
	char *path;                /* "/usr/lib/...", "[vdso]", ... */
	const struct sp_elf *elf;  /* read on first use */
	bool elf_tried;
};

/* An executable mapping, named or not (JIT code is anonymous). */
struct range {
	uint64_t start, end;
};

/* What is kept per process until it execs or dies. */
struct proc {
	pid_t tgid;
	bool foreign;              /* another ELF class or machine than ours */
	unw_addr_space_t as;
	void *upt;                 /* _UPT_create(upt_tid): the thread read */
	pid_t upt_tid;
	struct map *maps;
	size_t nmaps;
	struct range *exec;        /* of the last read of the mappings */
	size_t nexec;
};

struct sp_unwinder {
	unsigned depth;
	struct proc *procs;
	size_t nprocs, cap;
	struct sp_elf_cache *elves;
	struct page_cache mem;
	struct proc *proc;         /* the one being unwound */
	const int32_t *table;      /* served at TABLE_ADDR, while searched */
	size_t table_len;          /* bytes */
	bool leaf;                 /* ip and sp served for a leaf's caller */
	uint64_t leaf_ip, leaf_sp;
};

/* libunwind hands its accessors only the UPT state, so the capture in
 * progress is reached through this (the tracer loop is single-threaded;
 * set and cleared by sp_unwind_capture). */
static struct sp_unwinder *current;

/* Where libunwind is told a table made by tracer/elf.c lies
 * (find_proc_info): in the kernel's half, which no user mapping has, so
 * access_mem tells its reads from the tracee's. */
#define TABLE_ADDR 0xffff900000000000ULL

/* Not in libunwind's headers, but exported, and what its ptrace
 * accessors themselves search .eh_frame_hdr's table with. */
extern int UNW_OBJ(dwarf_search_unwind_table)(unw_addr_space_t as,
					      unw_word_t ip,
					      unw_dyn_info_t *di,
					      unw_proc_info_t *pi,
					      int need_unwind_info, void *arg);

static const unsigned char *page_get(struct page_cache *c, uint64_t base)
{
	struct page *pg;

	for (size_t i = 0; i < c->n; i++)
		if (c->pages[i].base == base)
			return c->pages[i].bytes;
	pg = &c->pages[c->next];
	if (sp_proc_read_mem(c->tid, base, pg->bytes, PAGE_SIZE_))
		return NULL;
	pg->base = base;
	c->next = (c->next + 1) % PAGE_CACHE;
	if (c->n < PAGE_CACHE)
		c->n++;
	return pg->bytes;
}

/* _UPT_access_mem, reading through the page cache; writes, and words
 * the cache cannot read (a page that is not wholly readable), go to
 * libunwind-ptrace's own. */
static int access_mem(unw_addr_space_t as, unw_word_t addr, unw_word_t *val,
		      int write, void *arg)
{
	uint64_t base = addr & ~(uint64_t)(PAGE_SIZE_ - 1);
	const unsigned char *bytes;

	if (!write && current && current->table && addr >= TABLE_ADDR &&
	    addr - TABLE_ADDR < current->table_len) {
		size_t off = addr - TABLE_ADDR,
		       n = current->table_len - off < sizeof(*val) ?
				   current->table_len - off : sizeof(*val);

		*val = 0;
		memcpy(val, (const unsigned char *)current->table + off, n);
		return 0;
	}
	if (!write && current && addr - base <= PAGE_SIZE_ - sizeof(*val)) {
		bytes = page_get(&current->mem, base);
		if (bytes) {
			memcpy(val, bytes + (addr - base), sizeof(*val));
			return 0;
		}
	}
	return _UPT_access_mem(as, addr, val, write, arg);
}

/* _UPT_access_reg, but for the caller of a leaf without unwind
 * information (leaf_caller): its pc and stack pointer are served, read
 * from the leaf's stack, and never written to the thread. */
static int access_reg(unw_addr_space_t as, unw_regnum_t reg, unw_word_t *val,
		      int write, void *arg)
{
	if (current && current->leaf &&
	    (reg == UNW_REG_IP || reg == UNW_REG_SP)) {
		if (write)
			return -UNW_EREADONLYREG;
		*val = reg == UNW_REG_IP ? current->leaf_ip : current->leaf_sp;
		return 0;
	}
	return _UPT_access_reg(as, reg, val, write, arg);
}

static struct map *map_find(struct proc *p, uint64_t addr);
static const struct sp_elf *map_elf(struct sp_unwinder *u,
				   const struct proc *p, struct map *m);

/* _UPT_find_proc_info, and for a file it finds no table for (linked
 * without PT_GNU_EH_FRAME) the table tracer/elf.c made from its
 * .eh_frame, searched by libunwind as it searches .eh_frame_hdr's. */
static int find_proc_info(unw_addr_space_t as, unw_word_t ip,
			  unw_proc_info_t *pi, int need_unwind_info, void *arg)
{
	int ret = _UPT_find_proc_info(as, ip, pi, need_unwind_info, arg);
	struct sp_unwinder *u = current;
	const struct sp_elf *elf;
	const int32_t *table;
	unw_dyn_info_t di;
	uint64_t vaddr;
	struct map *m;
	size_t n;

	if (ret != -UNW_ENOINFO || !u || !u->proc)
		return ret;
	m = map_find(u->proc, ip);
	elf = m ? map_elf(u, u->proc, m) : NULL;
	table = elf ? sp_elf_eh_table(elf, &n) : NULL;
	if (!table || !n || sp_elf_vaddr(elf, ip - m->start + m->pgoff, &vaddr))
		return ret;
	/* Entries are relative to segbase: the load bias, so that an ELF
	 * virtual address plus it is where the tracee has it. */
	di = (unw_dyn_info_t){
		.start_ip = m->start,
		.end_ip = m->end,
		.format = UNW_INFO_FORMAT_REMOTE_TABLE,
		.u.rti = { .segbase = ip - vaddr,
			   .table_len = n * 2 * sizeof(*table) /
					sizeof(unw_word_t),
			   .table_data = TABLE_ADDR },
	};
	u->table = table;
	u->table_len = n * 2 * sizeof(*table);
	ret = UNW_OBJ(dwarf_search_unwind_table)(as, ip, &di, pi,
						 need_unwind_info, arg);
	u->table = NULL;
	return ret;
}

static unw_accessors_t accessors;

int sp_unwinder_new(unsigned depth, struct sp_unwinder **out)
{
	struct sp_unwinder *u;

	if (depth < 1 || depth > SP_STACK_DEPTH_MAX)
		return -EINVAL;
	u = calloc(1, sizeof(*u));
	if (!u)
		return -ENOMEM;
	u->depth = depth;
	u->elves = sp_elf_cache_new();
	if (!u->elves) {
		free(u);
		return -ENOMEM;
	}
	*out = u;
	return 0;
}

static void maps_free(struct map *maps, size_t n)
{
	for (size_t i = 0; i < n; i++)
		free(maps[i].path);
	free(maps);
}

static void proc_fini(struct proc *p)
{
	if (p->upt)
		_UPT_destroy(p->upt);
	if (p->as)
		unw_destroy_addr_space(p->as);
	maps_free(p->maps, p->nmaps);
	free(p->exec);
}

void sp_unwinder_free(struct sp_unwinder *u)
{
	if (!u)
		return;
	for (size_t i = 0; i < u->nprocs; i++)
		proc_fini(&u->procs[i]);
	free(u->procs);
	sp_elf_cache_free(u->elves);
	free(u);
}

void sp_unwind_forget(struct sp_unwinder *u, pid_t tgid)
{
	if (!u)
		return;
	for (size_t i = 0; i < u->nprocs; i++) {
		if (u->procs[i].tgid != tgid)
			continue;
		proc_fini(&u->procs[i]);
		u->procs[i] = u->procs[--u->nprocs];
		return;
	}
}

/* The ELF class and machine of the executable at path, as one number;
 * 0 when it cannot be read. */
static uint32_t exe_kind(const char *path)
{
	unsigned char h[20];
	uint16_t machine;
	int fd = open(path, O_RDONLY | O_CLOEXEC);
	ssize_t n;

	if (fd < 0)
		return 0;
	n = read(fd, h, sizeof(h));
	close(fd);
	if (n != (ssize_t)sizeof(h) || memcmp(h, ELFMAG, SELFMAG) != 0)
		return 0;
	memcpy(&machine, h + 18, sizeof(machine));
	return (uint32_t)h[EI_CLASS] << 16 | machine;
}

/* libunwind-ptrace unwinds its own architecture only: a 32-bit program
 * on x86_64 (or an x32 one) would be read as 64-bit code and stack, and
 * its frames made up. */
static bool is_foreign(pid_t tgid)
{
	static uint32_t ours;
	char path[64];
	uint32_t kind;

	if (!ours)
		ours = exe_kind("/proc/self/exe");
	snprintf(path, sizeof(path), "/proc/%d/exe", (int)tgid);
	kind = exe_kind(path);
	return ours && kind && kind != ours;
}

static struct proc *proc_get(struct sp_unwinder *u, pid_t tgid)
{
	struct proc *p;

	for (size_t i = 0; i < u->nprocs; i++)
		if (u->procs[i].tgid == tgid)
			return &u->procs[i];
	if (sp_array_grow(&u->procs, &u->cap, u->nprocs + 1,
			  sizeof(*u->procs)))
		return NULL;
	p = &u->procs[u->nprocs];
	memset(p, 0, sizeof(*p));
	p->tgid = tgid;
	p->foreign = is_foreign(tgid);
	/* One address space per process: libunwind caches what it learns
	 * of the process's unwind tables in it, which stays true until the
	 * process execs (sp_unwind_forget). */
	if (!accessors.access_mem) {
		accessors = _UPT_accessors;
		accessors.access_mem = access_mem;
		accessors.find_proc_info = find_proc_info;
		accessors.access_reg = access_reg;
	}
	p->as = unw_create_addr_space(&accessors, 0);
	if (!p->as)
		return NULL;
	unw_set_caching_policy(p->as, UNW_CACHE_GLOBAL);
	u->nprocs++;
	return p;
}

static bool maps_same(const struct map *a, size_t na, const struct map *b,
		      size_t nb)
{
	if (na != nb)
		return false;
	for (size_t i = 0; i < na; i++)
		if (a[i].start != b[i].start || a[i].end != b[i].end ||
		    a[i].pgoff != b[i].pgoff || a[i].ino != b[i].ino ||
		    strcmp(a[i].path, b[i].path) != 0)
			return false;
	return true;
}

/* Reads /proc/TGID/maps (the mappings that have a name) at each capture:
 * a file dlclose() unmapped leaves its range to the next mmap (another
 * library, the loader's cache), whose frames would be named after it.
 * The executable ranges, anonymous ones too, are kept as read (p->exec).
 * 1 when the named mappings changed since the last read, 0 when not. */
static int maps_read(struct proc *p)
{
	char path[64], line[4096 + 128];
	struct map *maps = NULL;
	struct range *exec = NULL;
	size_t cap = 0, n = 0, xcap = 0, nx = 0;
	FILE *f;
	int ret = 0;

	snprintf(path, sizeof(path), "/proc/%d/maps", (int)p->tgid);
	f = fopen(path, "re");
	if (!f)
		return errno == ENOENT ? -ESRCH : -errno;
	while (fgets(line, sizeof(line), f)) {
		uint64_t start, end, pgoff, ino;
		char perms[8];
		int name = 0;
		struct map *m;

		line[strcspn(line, "\n")] = '\0';
		if (sscanf(line,
			   "%" SCNx64 "-%" SCNx64 " %7s %" SCNx64
			   " %*x:%*x %" SCNu64 " %n",
			   &start, &end, perms, &pgoff, &ino, &name) < 5)
			continue;
		if (perms[2] == 'x') {
			if (sp_array_grow(&exec, &xcap, nx + 1,
					  sizeof(*exec))) {
				ret = -ENOMEM;
				break;
			}
			exec[nx++] = (struct range){ start, end };
		}
		if (!name || !line[name])
			continue;
		if (sp_array_grow(&maps, &cap, n + 1, sizeof(*maps))) {
			ret = -ENOMEM;
			break;
		}
		m = &maps[n];
		*m = (struct map){ .start = start, .end = end, .pgoff = pgoff,
				   .ino = ino, .path = strdup(line + name) };
		if (!m->path) {
			ret = -ENOMEM;
			break;
		}
		n++;
	}
	fclose(f);
	if (ret) {
		free(exec);
		maps_free(maps, n);
		return ret;
	}
	free(p->exec);
	p->exec = exec;
	p->nexec = nx;
	if (maps_same(maps, n, p->maps, p->nmaps)) {
		maps_free(maps, n);
		return 0;
	}
	maps_free(p->maps, p->nmaps);
	p->maps = maps;
	p->nmaps = n;
	return 1;
}

static struct map *map_find(struct proc *p, uint64_t addr)
{
	for (size_t i = 0; i < p->nmaps; i++)
		if (addr >= p->maps[i].start && addr < p->maps[i].end)
			return &p->maps[i];
	return NULL;
}

/* Whether addr lies in code the process can run. */
static bool is_code(const struct proc *p, uint64_t addr)
{
	for (size_t i = 0; i < p->nexec; i++)
		if (addr >= p->exec[i].start && addr < p->exec[i].end)
			return true;
	return false;
}

/* The C++ library's demangler (also Rust's legacy scheme, which mangles
 * as C++ does), opened by its soname at the first mangled name: linked,
 * the library's relocation would cost every start of sandprint. */
typedef char *demangle_fn(const char *name, char *buf, size_t *len,
			  int *status);

/* name as a person reads it ("ns::K::go<double>(double)"), malloc'd:
 * the demangled name, or name itself when it is not mangled or the C++
 * library is not there. */
static char *demangle(const char *name)
{
	static demangle_fn *fn;
	static bool tried;
	char *out;
	int status;

	if (strncmp(name, "_Z", 2) != 0)
		return strdup(name);
	if (!tried) {
		void *h = dlopen("libstdc++.so.6", RTLD_LAZY | RTLD_LOCAL);

		tried = true;
		fn = h ? (demangle_fn *)dlsym(h, "__cxa_demangle") : NULL;
	}
	out = fn ? fn(name, NULL, NULL, &status) : NULL;
	return out ? out : strdup(name);
}

/* The file of m, read on first use; NULL when it has none or is not
 * ELF.  Where its path names no file now, or another one (a memfd run
 * with fexecve or loaded with dlopen, "/memfd:x (deleted)"; a library
 * deleted or an executable upgraded since it was mapped), the bytes
 * mapped are read through the mapping itself (map_files: root's) or,
 * the executable's, its exe link: the cache checks the inode. */
static const struct sp_elf *map_elf(struct sp_unwinder *u,
				    const struct proc *p, struct map *m)
{
	char alt[96];

	if (m->path[0] != '/')
		return NULL;
	if (m->elf_tried)
		return m->elf;
	m->elf_tried = true;
	m->elf = sp_elf_cache_get(u->elves, m->path, m->ino);
	if (m->elf || !m->ino)
		return m->elf;
	snprintf(alt, sizeof(alt), "/proc/%d/map_files/%" PRIx64 "-%" PRIx64,
		 (int)p->tgid, m->start, m->end);
	m->elf = sp_elf_cache_get(u->elves, alt, m->ino);
	if (!m->elf) {
		snprintf(alt, sizeof(alt), "/proc/%d/exe", (int)p->tgid);
		m->elf = sp_elf_cache_get(u->elves, alt, m->ino);
	}
	return m->elf;
}

/* Fills f from pc: the module, the ELF address within it, the function.
 * A return address (not the first frame) is looked up one byte back:
 * the call it returns from may be the last instruction of its function. */
static int symbolize(struct sp_unwinder *u, struct proc *p,
		     struct sp_trace *t, uint64_t pc, bool ret_addr,
		     struct sp_frame *f)
{
	uint64_t look = ret_addr ? pc - 1 : pc, off, vaddr;
	const char *name = NULL;
	struct map *m = map_find(p, look);
	int idx;

	*f = (struct sp_frame){ .addr = pc, .module = SP_NO_MODULE,
				.offset = pc };
	if (!m)
		return 0;
	idx = sp_trace_intern_module(t, m->path);
	if (idx < 0)
		return idx;
	f->module = (uint32_t)idx;
	off = look - m->start + m->pgoff;
	f->offset = pc - m->start + m->pgoff;
	if (!map_elf(u, p, m) || sp_elf_vaddr(m->elf, off, &vaddr))
		return 0;
	f->offset = vaddr + (pc - look);
	name = sp_elf_symbol(m->elf, vaddr);
	if (name) {
		f->symbol = demangle(name);
		if (!f->symbol)
			return -ENOMEM;
	}
	return 0;
}

/* The function a call instruction ending at addr calls (x86-64: call
 * rel32, call *disp32(%rip), with or without a REX prefix) into *to;
 * false where the bytes there end no call, or one whose target is in a
 * register (call *%reg), which nothing left on the stack tells. */
static bool call_target(unw_addr_space_t as, uint64_t addr, void *upt,
			uint64_t *to)
{
	unw_word_t w, slot;
	unsigned char b[8];
	int32_t rel;

	if (addr < 8 || access_mem(as, addr - 8, &w, 0, upt))
		return false;
	memcpy(b, &w, sizeof(b));
	memcpy(&rel, b + 4, sizeof(rel));
	if (b[3] == 0xe8) {
		*to = addr + (uint64_t)(int64_t)rel;
		return true;
	}
	if (b[2] == 0xff && b[3] == 0x15 &&
	    !access_mem(as, addr + (uint64_t)(int64_t)rel, &slot, 0, upt)) {
		*to = slot;
		return true;
	}
	return false;
}

/* The longest way from a leaf's entry to its system call where neither
 * has a symbol (a stripped library): glibc's clone3 makes it at +0x17,
 * clone at +0x30. */
#define SP_LEAF_REACH 256

/* Whether a call to entry entered the function whose code ip is in: the
 * symbol there starts at entry, or, where neither address has one, ip
 * lies at most SP_LEAF_REACH bytes past entry in the same mapping.  A
 * word on the stack just after a call instruction may be a stale return
 * address from another call (a local slot the leaf made below its own
 * return address): that call entered another function. */
static bool enters(struct sp_unwinder *u, struct proc *p, uint64_t entry,
		   uint64_t ip)
{
	struct map *m = map_find(p, ip);
	uint64_t vi, ve;
	const char *si, *se;

	if (!m || entry > ip || entry < m->start)
		return false;
	if (!map_elf(u, p, m) ||
	    sp_elf_vaddr(m->elf, ip - m->start + m->pgoff, &vi) ||
	    sp_elf_vaddr(m->elf, entry - m->start + m->pgoff, &ve))
		return ip - entry <= SP_LEAF_REACH;
	si = sp_elf_symbol(m->elf, vi);
	se = sp_elf_symbol(m->elf, ve);
	if (si || se)
		return si == se;
	return ip - entry <= SP_LEAF_REACH;
}

/* A leaf the innermost frame is, entered with no unwind information at
 * its pc and its return address still on top of the stack: glibc's
 * clone3 and clone end their FDE before the syscall (the child's unwind
 * information would be wrong), and libunwind, following rbp there, found
 * no caller: pthread_create's and posix_spawn's threads and children
 * were made at "clone3" and nowhere else.  The word at sp is taken as
 * the caller's pc only where it lies in code just after a call
 * instruction that entered the leaf (enters: a stale return address left
 * in a local slot names a call of another function, a frame never
 * there); cur is then set at the caller, as a fresh cursor whose pc
 * and sp access_reg serves.  1 when it was, 0 when not. */
static int leaf_caller(struct sp_unwinder *u, struct proc *p, void *upt,
		       unw_cursor_t *cur)
{
#if defined(__x86_64__)
	unw_proc_info_t pi;
	unw_word_t ip, sp, ra;
	uint64_t entry;
	int ret;

	/* find_proc_info itself: libunwind's unw_get_proc_info makes up
	 * an entry for a pc it has no information for. */
	if (unw_init_remote(cur, p->as, upt) ||
	    unw_get_reg(cur, UNW_REG_IP, &ip) ||
	    find_proc_info(p->as, ip, &pi, 0, upt) != -UNW_ENOINFO ||
	    unw_get_reg(cur, UNW_REG_SP, &sp) ||
	    access_mem(p->as, sp, &ra, 0, upt) || !is_code(p, ra - 1) ||
	    !call_target(p->as, ra, upt, &entry) || !enters(u, p, entry, ip))
		return 0;
	u->leaf = true;
	u->leaf_ip = ra;
	u->leaf_sp = sp + sizeof(ra);
	ret = unw_init_remote(cur, p->as, upt);
	return ret ? 0 : 1;
#else
	(void)u, (void)p, (void)upt, (void)cur;
	return 0;
#endif
}

/* Drops the frames appended since first (a failure part way). */
static void drop_frames(struct sp_trace *t, size_t first)
{
	while (t->nframes > first)
		free(t->frames[--t->nframes].symbol);
}

int sp_unwind_capture(struct sp_unwinder *u, const struct sp_event *ev,
		      struct sp_trace *t, uint32_t *first, uint8_t *n)
{
	pid_t tid = ev->tid, tgid = ev->tgid;
	struct proc *p;
	size_t start = t->nframes;
	unsigned count = 0;
	uint64_t pcs[SP_STACK_DEPTH_MAX];
	bool sig[SP_STACK_DEPTH_MAX];
	unw_cursor_t cur;
	void *upt;
	int ret;

	if (ev->spawning) {
		*first = (uint32_t)start;
		*n = 0;
		return 0;
	}
	p = proc_get(u, tgid);
	if (!p)
		return -ENOMEM;
	if (p->foreign)
		return -EOPNOTSUPP;
	if (start > UINT32_MAX - SP_STACK_DEPTH_MAX)
		return -ENOMEM;
	ret = maps_read(p);
	if (ret < 0)
		return ret;
	/* What libunwind learnt of the old mappings' unwind tables is
	 * dropped with them. */
	if (ret > 0)
		unw_flush_cache(p->as, 0, 0);
	/* The UPT state names the thread whose registers are read, and
	 * keeps the last ELF image it looked up mapped: kept for the next
	 * call of the same thread while the mappings stay. */
	if (!p->upt || p->upt_tid != tid || ret > 0) {
		if (p->upt)
			_UPT_destroy(p->upt);
		p->upt = _UPT_create(tid);
		p->upt_tid = tid;
		if (!p->upt)
			return -ENOMEM;
	}
	upt = p->upt;
	u->mem.tid = tid;
	u->mem.n = u->mem.next = 0;
	u->proc = p;
	current = u;
	ret = unw_init_remote(&cur, p->as, upt);
	if (ret) {
		ret = ret == -UNW_ENOMEM ? -ENOMEM : -EINVAL;
		goto out;
	}
	/* The pcs first: whether a frame is a signal trampoline is known
	 * once libunwind stepped out of it (unw_is_signal_frame then says
	 * so of the frame it stepped from, its FDE's 'S'). */
	do {
		unw_word_t pc;
		bool stepped;

		if (unw_get_reg(&cur, UNW_REG_IP, &pc) || !pc)
			break;
		/* Where a function has no unwind information (most of a
		 * Chromium build), libunwind follows the frame-pointer
		 * chain, and a function that keeps no frame pointer sends it
		 * to a word that is no return address: one that lies in no
		 * code ends the stack (its call, the byte before a return
		 * address, would be there; a signal frame's pc is). */
		if (count && !is_code(p, pc) && !is_code(p, pc - 1)) {
			if (count == 1 && !u->leaf &&
			    leaf_caller(u, p, upt, &cur))
				continue;
			break;
		}
		pcs[count] = pc;
		sig[count++] = false;
		if (count == u->depth)
			break;
		stepped = unw_step(&cur) > 0;
		if (!stepped && count == 1 && !u->leaf &&
		    leaf_caller(u, p, upt, &cur))
			continue;
		if (!stepped)
			break;
		sig[count - 1] = unw_is_signal_frame(&cur) > 0;
	} while (true);
	for (unsigned i = 0; i < count; i++) {
		struct sp_frame f;

		/* A return address, looked up one byte back, but for the
		 * innermost frame, a trampoline (the handler "returns" to
		 * its first byte) and the frame the signal interrupted: its
		 * pc is the instruction that was to run, maybe its
		 * function's first. */
		ret = symbolize(u, p, t, pcs[i],
				i > 0 && !sig[i] && !sig[i - 1], &f);
		if (!ret)
			ret = sp_trace_add_frame(t, &f);
		if (ret < 0)
			goto out;
		ret = 0;
	}
	if (!count)
		ret = kill(tid, 0) && errno == ESRCH ? -ESRCH : -EINVAL;
out:
	current = NULL;
	u->proc = NULL;
	u->leaf = false;
	if (ret) {
		drop_frames(t, start);
		return ret;
	}
	*first = (uint32_t)start;
	*n = (uint8_t)count;
	return 0;
}
