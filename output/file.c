#include "output/file.h"

#include <errno.h>
#include <fcntl.h>
#include <libgen.h>
#include <limits.h>
#include <linux/magic.h>
#include <poll.h>
#include <signal.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/statfs.h>
#include <sys/syscall.h>
#include <unistd.h>
#include <linux/openat2.h>

#include "core/text.h"

/* How a path is written. */
enum how {
	TO_STDOUT,   /* "-" */
	TO_OWN_FD,   /* /dev/stdout, /dev/fd/N: our descriptor N, as is */
	IN_PLACE,    /* a device, FIFO, or someone else's /proc/PID/fd/N */
	REPLACE,     /* a regular file, or none yet: atomically */
};

struct target {
	enum how how;
	char *path;      /* IN_PLACE, REPLACE: symlinks followed */
	int fd;          /* TO_OWN_FD */
	int dir;         /* confined: the directory path is in, held open
			    (path is /proc/self/fd/DIR/NAME), else -1 */
	bool exists;     /* REPLACE: a file is there, st is its */
	struct stat st;
};

/* Symlinks followed before giving up, as the kernel's MAXSYMLINKS. */
#define MAX_HOPS 40

static char *dir_of(const char *path)
{
	char *copy = strdup(path), *dir;

	if (!copy)
		return NULL;
	dir = strdup(dirname(copy));
	free(copy);
	return dir;
}

/* Whether the symlink at path lives in procfs (/proc/PID/fd/N, reached
 * as /dev/stdout or /dev/fd/N too): such a link stands for an open file,
 * a pipe or a socket, not for a path to replace.  *fd is N when it is one
 * of sandprint's own descriptors, else -1. */
static bool proc_link(const char *path, int *fd)
{
	char *dir = dir_of(path), *real = NULL, *end, own[64];
	const char *base = strrchr(path, '/');
	struct statfs sf;
	bool proc = false;
	long n;

	*fd = -1;
	if (!dir)
		return false;
	if (statfs(dir, &sf) == 0 && sf.f_type == PROC_SUPER_MAGIC) {
		proc = true;
		real = realpath(dir, NULL);
		snprintf(own, sizeof(own), "/proc/%d/fd", (int)getpid());
		base = base ? base + 1 : path;
		errno = 0;
		n = strtol(base, &end, 10);
		if (real && strcmp(real, own) == 0 && !errno && end != base &&
		    !*end && n >= 0 && n <= INT_MAX)
			*fd = (int)n;
	}
	free(real);
	free(dir);
	return proc;
}

/* Whether path is the root of a mount: a file bound there (mount
 * --bind, a container's -v FILE:FILE) cannot be renamed over (EBUSY,
 * once the work is done) nor removed, and may be read-only where its
 * directory is not. */
static bool mount_root(const char *path)
{
	struct statx stx;

	return statx(AT_FDCWD, path, AT_SYMLINK_NOFOLLOW | AT_NO_AUTOMOUNT,
		     0, &stx) == 0 &&
	       (stx.stx_attributes_mask & STATX_ATTR_MOUNT_ROOT) &&
	       (stx.stx_attributes & STATX_ATTR_MOUNT_ROOT);
}

/* The directories files are confined beneath (sp_file_confine), as
 * given, without their trailing '/' ("/" is ""). */
static char **confined;
static size_t nconfined;

int sp_file_confine(char *const *dirs, size_t n)
{
	char **c = calloc(n + 1, sizeof(*c));

	if (!c)
		return -ENOMEM;
	for (size_t i = 0; i < n; i++) {
		size_t len = strlen(dirs[i]);

		while (len && dirs[i][len - 1] == '/')
			len--;
		c[i] = strndup(dirs[i], len);
		if (!c[i]) {
			while (i--)
				free(c[i]);
			free(c);
			return -ENOMEM;
		}
	}
	confined = c;
	nconfined = n;
	return 0;
}

/* The part of path under the confining directory *which, its leading
 * '/' skipped, or NULL: path is under none (as spelt). */
static const char *under_confined(const char *path, size_t *which)
{
	for (size_t i = 0; i < nconfined; i++) {
		size_t len = strlen(confined[i]);
		const char *rest = path + len;

		if (strncmp(path, confined[i], len) || *rest != '/')
			continue;
		while (*rest == '/')
			rest++;
		if (*rest) {
			*which = i;
			return rest;
		}
	}
	return NULL;
}

/* Opens the directory of path, which must be under a confining directory,
 * beneath that directory: no link on the way followed (the directory's
 * own path is the administrator's, followed as given), no "..".  The
 * directory, with *name the file's name in it, or -errno with *why the
 * rule broken (NULL: the error is errno's). */
static int beneath(const char *path, const char **name, const char **why)
{
	struct open_how how = { .flags = O_PATH | O_DIRECTORY | O_CLOEXEC,
				.resolve = RESOLVE_BENEATH |
					   RESOLVE_NO_SYMLINKS |
					   RESOLVE_NO_MAGICLINKS };
	const char *rest, *slash, *p;
	char *sub;
	size_t which;
	int top, dir;

	*why = NULL;
	rest = under_confined(path, &which);
	if (!rest) {
		*why = "not under a directory outputs are confined to";
		return -EXDEV;
	}
	for (p = rest; *p; p += strcspn(p, "/"), p += strspn(p, "/")) {
		size_t k = strcspn(p, "/");

		if ((k == 2 && !strncmp(p, "..", 2)) || (k == 1 && *p == '.')) {
			*why = "a \"..\" or \".\" in it";
			return -EXDEV;
		}
	}
	slash = strrchr(rest, '/');
	*name = slash ? slash + 1 : rest;
	if (!**name) {
		*why = "not a file's name";
		return -EISDIR;
	}
	sub = slash ? strndup(rest, (size_t)(slash - rest)) : strdup(".");
	if (!sub)
		return -ENOMEM;
	top = open(*confined[which] ? confined[which] : "/",
		   O_PATH | O_DIRECTORY | O_CLOEXEC);
	dir = top < 0 ? -errno :
		(int)syscall(SYS_openat2, top, sub, &how, sizeof(how));
	if (top >= 0 && dir < 0) {
		dir = -errno;
		/* EXDEV: an absolute link, or one that leaves. */
		if (dir == -ELOOP || dir == -EXDEV)
			*why = "a link on the way";
	}
	if (top >= 0)
		close(top);
	free(sub);
	return dir;
}

/* The file name in dir (AT_FDCWD: name a path) opened with flags and
 * mode, confined: looked at first without being opened (O_PATH), then
 * opened through that very file, so that nothing but a regular file is
 * ever opened (opening a device can act: a watchdog starts, a tape
 * rewinds; a FIFO's open wakes whoever waits at its other end), and
 * O_TRUNC empties nothing but the file checked.  Never a link; with
 * alone, a regular file linked once (a hard link to another file would
 * be that file written).  A new file is created O_EXCL.  The descriptor
 * or -errno, *why the rule broken (else NULL). */
static int open_checked(int dir, const char *name, int flags, mode_t mode,
			bool alone, const char **why)
{
	char proc[64];
	struct stat st;
	int path, fd;

	*why = NULL;
	for (int tries = 0;; tries++) {
		path = openat(dir, name, O_PATH | O_NOFOLLOW | O_CLOEXEC);
		if (path >= 0 || errno != ENOENT || !(flags & O_CREAT) ||
		    tries == MAX_HOPS)
			break;
		/* None there: a new file, then nothing else was opened.
		 * EEXIST: one put there meanwhile, looked at as above. */
		fd = openat(dir, name, (flags & ~O_TRUNC) | O_EXCL | O_NOFOLLOW |
				       O_NOCTTY | O_CLOEXEC, mode);
		if (fd >= 0 || errno != EEXIST)
			return fd < 0 ? -errno : fd;
	}
	if (path < 0)
		return -errno;
	fd = fstat(path, &st) ? -errno : S_ISLNK(st.st_mode) ? -ELOOP :
	     !S_ISREG(st.st_mode) ? -EPERM : alone && st.st_nlink > 1 ?
	     -EMLINK : 0;
	if (fd == -ELOOP)
		*why = "a link";
	else if (fd == -EPERM)
		*why = "not a regular file";
	else if (fd == -EMLINK)
		*why = "a file of several links";
	if (!fd) {
		snprintf(proc, sizeof(proc), "/proc/self/fd/%d", path);
		fd = open(proc, (flags & ~(O_CREAT | O_EXCL | O_TRUNC)) |
				O_NOCTTY | O_CLOEXEC);
		if (fd < 0)
			fd = -errno;
		else if ((flags & O_TRUNC) && ftruncate(fd, 0)) {
			close(fd);
			fd = -errno;
		}
	}
	close(path);
	return fd;
}

/* A file of a confined path opened without following a link, in place,
 * as open_checked with alone.  The descriptor or -errno, *why as
 * beneath's. */
static int open_beneath(const char *path, int flags, mode_t mode,
			const char **why)
{
	const char *name;
	int dir = beneath(path, &name, why), fd;

	if (dir < 0)
		return dir;
	fd = open_checked(dir, name, flags, mode, true, why);
	close(dir);
	return fd;
}

int sp_file_open(const char *path, int flags, mode_t mode)
{
	const char *why;
	int fd;

	if (nconfined)
		return open_beneath(path, flags, mode, &why);
	fd = open(path, flags | O_CLOEXEC, mode);
	return fd < 0 ? -errno : fd;
}

const char *sp_file_confined_why(const char *path)
{
	const char *name, *why;
	struct stat st;
	int dir;

	if (!nconfined)
		return NULL;
	dir = beneath(path, &name, &why);
	if (dir < 0)
		return why ? why : strerror(-dir);
	if (fstatat(dir, name, &st, AT_SYMLINK_NOFOLLOW))
		why = errno == ENOENT ? NULL : strerror(errno);
	else if (S_ISLNK(st.st_mode))
		why = "a link";
	else if (!S_ISREG(st.st_mode) && !S_ISDIR(st.st_mode))
		why = "not a regular file";
	close(dir);
	return why;
}

/* What writing path means (see file.h).  0 or -errno. */
static int resolve(const char *path, struct target *t)
{
	char link[PATH_MAX], *cur, *next, *dir;
	ssize_t n;
	int rc;

	memset(t, 0, sizeof(*t));
	t->fd = -1;
	t->dir = -1;
	if (nconfined) {
		const char *name, *why;

		/* Through the directory held open: the path's own
		 * directories, renamed or replaced by a link meanwhile, are
		 * not looked up again. */
		t->dir = beneath(path, &name, &why);
		if (t->dir < 0)
			return t->dir;
		if (asprintf(&cur, "/proc/self/fd/%d/%s", t->dir, name) < 0) {
			close(t->dir);
			t->dir = -1;
			return -ENOMEM;
		}
	} else if (strcmp(path, "-") == 0) {
		t->how = TO_STDOUT;
		return 0;
	} else {
		cur = strdup(path);
		if (!cur)
			return -ENOMEM;
	}
	for (int hops = 0;; hops++) {
		if (lstat(cur, &t->st)) {
			rc = -errno;
			if (rc != -ENOENT)
				goto fail;
			/* A new file (a dangling link's target too). */
			t->how = REPLACE;
			t->path = cur;
			return 0;
		}
		if (!S_ISLNK(t->st.st_mode))
			break;
		/* Confined: a link is not followed, not even inside. */
		rc = -ELOOP;
		if (nconfined)
			goto fail;
		if (proc_link(cur, &t->fd)) {
			t->how = t->fd >= 0 ? TO_OWN_FD : IN_PLACE;
			t->path = cur;
			return 0;
		}
		rc = -ELOOP;
		if (hops == MAX_HOPS)
			goto fail;
		n = readlink(cur, link, sizeof(link) - 1);
		rc = n < 0 ? -errno : -ENAMETOOLONG;
		if (n < 0 || n == sizeof(link) - 1)
			goto fail;
		link[n] = '\0';
		dir = link[0] == '/' ? NULL : dir_of(cur);
		rc = -ENOMEM;
		if (link[0] != '/' && !dir)
			goto fail;
		if (!dir)
			next = strdup(link);
		else if (asprintf(&next, "%s/%s", dir, link) < 0)
			next = NULL;
		free(dir);
		if (!next)
			goto fail;
		free(cur);
		cur = next;
	}
	rc = -EISDIR;
	if (S_ISDIR(t->st.st_mode))
		goto fail;
	/* Confined: a device or a FIFO would be written through, and
	 * whoever could put one there chose what root writes. */
	rc = -EPERM;
	if (nconfined && !S_ISREG(t->st.st_mode))
		goto fail;
	t->path = cur;
	t->exists = S_ISREG(t->st.st_mode);
	t->how = t->exists && !mount_root(cur) ? REPLACE : IN_PLACE;
	/* Not root, and another user's file or one in a directory we may
	 * not write: the temporary could not be given its owner, a
	 * directory we may write would let us replace a file we may not
	 * (where "> FILE" is EACCES) or fail to (a sticky /tmp's EPERM,
	 * after the workload ran), and one we may not write would refuse a
	 * file ">" writes.  Written in place, as ">" writes it. */
	if (t->exists && geteuid() != 0) {
		dir = dir_of(cur);
		if (!dir) {
			t->path = NULL;
			rc = -ENOMEM;
			goto fail;
		}
		if (t->st.st_uid != geteuid() || access(dir, W_OK | X_OK))
			t->how = IN_PLACE;
		free(dir);
	}
	return 0;
fail:
	free(cur);
	if (t->dir >= 0)
		close(t->dir);
	t->dir = -1;
	return rc;
}

static void target_free(struct target *t)
{
	free(t->path);
	if (t->dir >= 0)
		close(t->dir);
}

/* The first error of the descriptor a FILE writes to: stdio keeps only
 * "an error happened", and a writer function can only say EIO, while a
 * user needs "No space left on device". */
struct sink {
	int fd;
	int err;
};

/* Waits until fd, left non-blocking by a program it is shared with (a
 * parent's pipe: ssh, Node.js), takes more, as a blocking one would:
 * EAGAIN is no reason to lose output.  Whether to write again. */
static bool wait_writable(int fd)
{
	struct pollfd p = { .fd = fd, .events = POLLOUT };

	if (poll(&p, 1, -1) >= 0 || errno == EINTR)
		return true;
	errno = EAGAIN;
	return false;
}

static ssize_t sink_write(void *cookie, const char *buf, size_t len)
{
	struct sink *s = cookie;
	size_t done = 0;

	while (done < len) {
		ssize_t w = write(s->fd, buf + done, len - done);

		if (w < 0 && (errno == EINTR ||
			      (errno == EAGAIN && wait_writable(s->fd))))
			continue;
		if (w <= 0) {
			if (!s->err)
				s->err = w < 0 ? errno : EIO;
			/* fopencookie: 0 is an error. */
			return 0;
		}
		done += (size_t)w;
	}
	return (ssize_t)done;
}

/* A FILE whose writes go through a sink. */
static const cookie_io_functions_t sink_io = { .write = sink_write };

/* Runs fn into a FILE over fd (borrowed), then flushes, and with sync
 * fsyncs.  0 or the first -errno.  Past RLIMIT_FSIZE a write fails with
 * EFBIG, a message, rather than SIGXFSZ killing sandprint: the copy of a
 * recording its -o could not take is written here too, and dying there
 * loses the recording without a word. */
static int write_fd(int fd, bool sync, sp_writer_fn fn, const void *arg)
{
	struct sigaction ign = { .sa_handler = SIG_IGN }, oldxfsz;
	struct sink s = { fd, 0 };
	FILE *f = fopencookie(&s, "w", sink_io);
	int rc;

	if (!f)
		return -ENOMEM;
	sigaction(SIGXFSZ, &ign, &oldxfsz);
	rc = fn(f, arg);
	if (fflush(f) && !rc)
		rc = -EIO;
	if (ferror(f) && !rc)
		rc = -EIO;
	fclose(f);
	sigaction(SIGXFSZ, &oldxfsz, NULL);
	/* What the descriptor said beats the writer's generic EIO. */
	if (rc && s.err)
		rc = -s.err;
	if (!rc && sync && fsync(fd) < 0)
		rc = -errno;
	return rc;
}

/* Standard output as a sink (sp_file_stdout_sink). */
static struct sink stdout_sink = { STDOUT_FILENO, 0 };

int sp_file_stdout_sink(void)
{
	bool tty = isatty(STDOUT_FILENO);
	FILE *f = fopencookie(&stdout_sink, "w", sink_io);

	if (!f)
		return -ENOMEM;
	/* As stdio buffers a descriptor: by line on a terminal (a user
	 * sees each line as it is made), by block elsewhere. */
	if (setvbuf(f, NULL, tty ? _IOLBF : _IOFBF, BUFSIZ)) {
		fclose(f);
		return -ENOMEM;
	}
	stdout = f;
	return 0;
}

int sp_file_errno(FILE *f)
{
	return f == stdout && stdout_sink.err ? stdout_sink.err :
	       ferror(f) ? EIO : 0;
}

int sp_file_fileno(FILE *f)
{
	return f == stdout ? STDOUT_FILENO : fileno(f);
}

/* The mode open(2) would give a new file: 0666 less the umask.  umask(2)
 * can only be read by setting it; this runs once per output file, before
 * any thread that could create files exists. */
static mode_t new_file_mode(void)
{
	mode_t mask = umask(022);

	umask(mask);
	return 0666 & ~mask;
}

/* The signals a user stops sandprint with: held while a file is being
 * replaced, so that neither the old file nor a temporary is left
 * half-done (they act as soon as the file is in place). */
static void hold_signals(bool hold, sigset_t *old)
{
	sigset_t set;

	if (!hold) {
		sigprocmask(SIG_SETMASK, old, NULL);
		return;
	}
	sigemptyset(&set);
	sigaddset(&set, SIGINT);
	sigaddset(&set, SIGTERM);
	sigaddset(&set, SIGHUP);
	sigaddset(&set, SIGQUIT);
	sigprocmask(SIG_BLOCK, &set, old);
}

/* Creates the temporary a file at path is written to before it is
 * renamed over path: "PATH.tmp-XXXXXX", or a shorter name in the same
 * directory where that would be too long.  The descriptor, with *tmp its
 * name (to free), or -errno. */
static int create_tmp(const char *path, char **tmp)
{
	static const char suffix[] = ".tmp-XXXXXX";
	const char *base = strrchr(path, '/');
	char *dir;
	int fd, rc;

	base = base ? base + 1 : path;
	if (strlen(base) + sizeof(suffix) - 1 <= NAME_MAX) {
		rc = asprintf(tmp, "%s%s", path, suffix);
	} else {
		dir = dir_of(path);
		if (!dir)
			return -ENOMEM;
		rc = asprintf(tmp, "%s/.sandprint%s", dir, suffix);
		free(dir);
	}
	if (rc < 0) {
		*tmp = NULL;
		return -ENOMEM;
	}
	fd = mkstemp(*tmp);
	if (fd < 0) {
		rc = -errno;
		free(*tmp);
		*tmp = NULL;
		return rc;
	}
	return fd;
}

static int replace(const struct target *t, sp_writer_fn fn, const void *arg)
{
	char *tmp = NULL;
	sigset_t old;
	int fd, rc;

	hold_signals(true, &old);
	fd = create_tmp(t->path, &tmp);
	if (fd < 0) {
		rc = fd;
		goto out;
	}
	/* mkstemp creates 0600.  A replaced file keeps its permissions and,
	 * where we may (root, or a group we are in), its owner and group,
	 * never its set-id or sticky bits (the kernel clears set-id bits
	 * when a file is written: a hard link to a set-id program there
	 * must not make root's profile one); a new one is as readable as
	 * any file the user creates. */
	if (t->exists &&
	    fchown(fd, t->st.st_uid, t->st.st_gid) &&
	    fchown(fd, (uid_t)-1, t->st.st_gid)) {
		/* Not ours to give: the file becomes the caller's. */
	}
	rc = fchmod(fd, t->exists ? t->st.st_mode & 0777 : new_file_mode());
	if (rc < 0)
		rc = -errno;
	if (!rc)
		rc = write_fd(fd, true, fn, arg);
	if (close(fd) < 0 && !rc)
		rc = -errno;
	if (!rc && rename(tmp, t->path) < 0)
		rc = -errno;
	/* The data is on disk before the rename: after a crash, PATH
	 * names the old file or the whole new one.  The rename is not made
	 * durable by an fsync of the directory: a new file, written in
	 * place, is no more durable, and each fsync is 2-5 ms of a
	 * recording's time spent waiting for the disk here (more than all
	 * the rest of a short recording: bench/RESULTS.md). */
	if (rc)
		unlink(tmp);
out:
	hold_signals(false, &old);
	free(tmp);
	return rc;
}

struct bytes {
	const char *buf;
	size_t len;
};

static int write_bytes(FILE *f, const void *arg)
{
	const struct bytes *b = arg;

	return fwrite(b->buf, 1, b->len, f) == b->len ? 0 : -EIO;
}

/* Writes fn's output over the regular file open at fd (written in place:
 * bound there, another user's): the whole of it made first (in memory),
 * room for it taken (fallocate(2), KEEP_SIZE) and only then written from
 * the start and the file cut to its length, so that a full disk, a quota
 * or RLIMIT_FSIZE leaves the old file as it was, not the first part of
 * the new one (the recording, kept in $TMPDIR by the caller, is then
 * the one copy; the old file was lost with it).  Where fallocate is not
 * supported, written without it.  0 or -errno. */
static int overwrite(int fd, sp_writer_fn fn, const void *arg)
{
	struct sigaction ign = { .sa_handler = SIG_IGN }, oldxfsz;
	struct rlimit fsz;
	struct bytes b = { NULL, 0 };
	char *buf = NULL;
	size_t len = 0;
	FILE *m = open_memstream(&buf, &len);
	int rc;

	if (!m)
		return -ENOMEM;
	rc = fn(m, arg);
	if (fclose(m) && !rc)
		rc = -ENOMEM;
	b.buf = buf;
	b.len = len;
	/* Past RLIMIT_FSIZE, refused before a byte is written: fallocate
	 * with KEEP_SIZE does not check it on every file system (ext4 takes
	 * the room; tmpfs says EFBIG), and the write would stop at the
	 * limit, the new file's first part over the old one's. */
	if (!rc && getrlimit(RLIMIT_FSIZE, &fsz) == 0 &&
	    fsz.rlim_cur != RLIM_INFINITY && len > fsz.rlim_cur)
		rc = -EFBIG;
	if (!rc && len) {
		/* Past RLIMIT_FSIZE: EFBIG, not death by SIGXFSZ. */
		sigaction(SIGXFSZ, &ign, &oldxfsz);
		if (fallocate(fd, FALLOC_FL_KEEP_SIZE, 0, (off_t)len) &&
		    errno != EOPNOTSUPP && errno != ENOSYS)
			rc = -errno;
		sigaction(SIGXFSZ, &oldxfsz, NULL);
	}
	if (!rc)
		rc = write_fd(fd, false, write_bytes, &b);
	if (!rc && ftruncate(fd, (off_t)len))
		rc = -errno;
	free(buf);
	return rc;
}

static void (*on_wait)(const char *path, bool waiting);

void sp_file_on_wait(void (*fn)(const char *path, bool waiting))
{
	on_wait = fn;
}

/* A FIFO at path opened for writing, as ">" would, but the wait for a
 * reader said first (through on_wait) when none is there yet: its open
 * blocks until one comes, at the end of a recording, where a shell's
 * ">" blocks before the command starts.  Asked without blocking first
 * and that descriptor kept: one opened and closed would give a waiting
 * reader its end of file.  The descriptor, -errno, or -ENOENT where
 * path is no FIFO (then opened as any other file). */
static int open_fifo_said(const char *path)
{
	struct stat st;
	int fd;

	if (stat(path, &st) || !S_ISFIFO(st.st_mode))
		return -ENOENT;
	fd = open(path, O_WRONLY | O_NONBLOCK | O_NOCTTY | O_CLOEXEC);
	if (fd < 0 && errno == ENXIO) {
		if (on_wait)
			on_wait(path, true);
		fd = open(path, O_WRONLY | O_NOCTTY | O_CLOEXEC);
		if (on_wait) {
			int e = errno;

			on_wait(path, false);
			errno = e;
		}
	} else if (fd >= 0 && fcntl(fd, F_SETFL, 0)) {
		close(fd);
		return -errno;
	}
	return fd < 0 ? -errno : fd;
}

static int in_place(const char *path, sp_writer_fn fn, const void *arg)
{
	struct stat st;
	int fd, rc;

	/* Confined: a regular file bound there, and nothing put there
	 * meanwhile (a link, a FIFO, a device: never opened). */
	if (nconfined) {
		const char *why;

		fd = open_checked(AT_FDCWD, path, O_WRONLY, 0, false, &why);
		if (fd < 0)
			return fd;
	} else {
		fd = open_fifo_said(path);
		if (fd == -ENOENT) {
			fd = open(path, O_WRONLY | O_NOCTTY | O_CLOEXEC);
			if (fd < 0)
				fd = -errno;
		}
		if (fd < 0)
			return fd;
	}
	/* A device or a FIFO takes the output as it is made; a regular file
	 * (through someone else's /proc/PID/fd/N too) is overwritten whole
	 * or not at all, as far as the file system allows. */
	if (fstat(fd, &st))
		rc = -errno;
	else if (S_ISREG(st.st_mode))
		rc = overwrite(fd, fn, arg);
	else
		rc = write_fd(fd, false, fn, arg);
	if (close(fd) < 0 && !rc)
		rc = -errno;
	return rc;
}

static int fail(struct sp_diag *d, const char *path, int rc)
{
	sp_diag_set(d, NULL, 0, 0, NULL, "cannot write %s: %s",
		    strcmp(path, "-") ? path : "standard output",
		    strerror(-rc));
	return rc;
}

int sp_file_write_atomic(const char *path, sp_writer_fn fn, const void *arg,
			 struct sp_diag *d)
{
	struct target t;
	int rc = resolve(path, &t);

	if (rc)
		return fail(d, path, rc);
	switch (t.how) {
	case TO_STDOUT:
		fflush(stdout);
		rc = write_fd(STDOUT_FILENO, false, fn, arg);
		break;
	case TO_OWN_FD:
		rc = write_fd(t.fd, false, fn, arg);
		break;
	case IN_PLACE:
		rc = in_place(t.path, fn, arg);
		break;
	case REPLACE:
		rc = replace(&t, fn, arg);
		break;
	}
	target_free(&t);
	return rc ? fail(d, path, rc) : 0;
}

int sp_file_check_writable(const char *path, struct sp_diag *d)
{
	struct target t;
	sigset_t old;
	char *tmp;
	int rc = resolve(path, &t), fl, fd;

	if (rc)
		return fail(d, path, rc);
	switch (t.how) {
	case TO_STDOUT:
	case TO_OWN_FD:
		fl = fcntl(t.how == TO_STDOUT ? STDOUT_FILENO : t.fd, F_GETFL);
		if (fl < 0)
			rc = -errno;
		else if ((fl & O_ACCMODE) == O_RDONLY)
			rc = -EBADF;
		break;
	case IN_PLACE:
		if (S_ISSOCK(t.st.st_mode))
			rc = -ENXIO;
		else if (access(t.path, W_OK) < 0)
			rc = -errno;
		break;
	case REPLACE:
		/* Creating the temporary replace() will create, not
		 * access(2): root passes access() where no file can be made
		 * (/proc, /sys), and the workload would run for nothing. */
		hold_signals(true, &old);
		fd = create_tmp(t.path, &tmp);
		if (fd < 0) {
			rc = fd;
		} else {
			close(fd);
			unlink(tmp);
			free(tmp);
		}
		hold_signals(false, &old);
		break;
	}
	target_free(&t);
	return rc ? fail(d, path, rc) : 0;
}

static int write_nothing(FILE *f, const void *arg)
{
	(void)f;
	(void)arg;
	return 0;
}

int sp_file_remove_replaced(const char *path)
{
	struct target t;
	int rc = resolve(path, &t);

	if (rc)
		return rc == -ENOENT ? 0 : rc;
	if (t.how == REPLACE && t.exists && unlink(t.path) && errno != ENOENT)
		rc = -errno;
	/* A regular file written in place (bound there, another user's)
	 * cannot be removed: emptied, as writing it will. */
	else if (t.how == IN_PLACE && S_ISREG(t.st.st_mode))
		rc = in_place(t.path, write_nothing, NULL);
	target_free(&t);
	return rc;
}

/* A new file's path with its directory's links, "." and ".." resolved
 * (the name stays as given), in a new string; NULL where the directory
 * cannot be resolved. */
static char *new_file_path(const char *path)
{
	char *dir = dir_of(path), *real = dir ? realpath(dir, NULL) : NULL;
	const char *base = strrchr(path, '/');
	char *s = NULL;

	if (real && asprintf(&s, "%s/%s", real, base ? base + 1 : path) < 0)
		s = NULL;
	free(real);
	free(dir);
	return s;
}

/* A regular file written (replaced or in place), or a new one. */
static bool a_file(const struct target *t)
{
	return t->how == REPLACE ||
	       (t->how == IN_PLACE && S_ISREG(t->st.st_mode));
}

bool sp_file_same_output(const char *a, const char *b)
{
	struct target ta, tb;
	char *na, *nb;
	bool same = false;

	if (resolve(a, &ta))
		return false;
	if (resolve(b, &tb)) {
		target_free(&ta);
		return false;
	}
	if (a_file(&ta) && a_file(&tb)) {
		bool ea = ta.exists || ta.how == IN_PLACE;
		bool eb = tb.exists || tb.how == IN_PLACE;

		if (ea && eb) {
			same = ta.st.st_dev == tb.st.st_dev &&
			       ta.st.st_ino == tb.st.st_ino;
		} else if (!ea && !eb) {
			na = new_file_path(ta.path);
			nb = new_file_path(tb.path);
			same = na && nb ? !strcmp(na, nb) :
					  !strcmp(ta.path, tb.path);
			free(na);
			free(nb);
		}
	}
	target_free(&ta);
	target_free(&tb);
	return same;
}

int sp_file_text_check(void *ctx, const char *buf, size_t from, size_t len,
		       struct sp_diag *d)
{
	const char *nul = memchr(buf + from, '\0', len - from), *p;
	int line = 1, column = 1;

	(void)ctx;
	if (!nul)
		return 0;
	for (p = buf; p < nul; p++, column++) {
		if (*p == '\n') {
			line++;
			column = 0;
		}
	}
	sp_diag_set(d, NULL, line, column, NULL, "a NUL byte: not text");
	return -EINVAL;
}

int sp_file_read(const char *path, sp_read_check_fn check, void *ctx,
		 char **buf, size_t *len, struct sp_diag *d)
{
	int fl = fcntl(STDIN_FILENO, F_GETFL), fd, rc = 0;
	size_t n = 0, cap = 1 << 16, which;
	const char *why;
	struct stat st;
	char *b = NULL, *nb;
	ssize_t got;

	/* "-" with stdin closed (<&-), or held by the cli's O_PATH
	 * placeholder (cli/main.c): "No such file" or "Is a directory"
	 * would send the user looking for a file. */
	if (strcmp(path, "/dev/stdin") == 0 && (fl < 0 || (fl & O_PATH))) {
		sp_diag_set(d, path, 0, 0, NULL,
			    "cannot open: standard input is closed");
		return -EBADF;
	}
	/* A file under a confining directory is one an output may be, put
	 * there by whoever chose the outputs: read beneath it, as written
	 * (a link there to a file of root's is not read as root). */
	if (nconfined && under_confined(path, &which))
		fd = open_beneath(path, O_RDONLY, 0, &why);
	else if ((fd = open(path, O_RDONLY | O_CLOEXEC)) < 0)
		fd = -errno;
	if (fd < 0) {
		rc = fd;
		sp_diag_set(d, path, 0, 0, NULL, "cannot open: %s",
			    strerror(-rc));
		return rc;
	}
	if (fstat(fd, &st) < 0) {
		rc = -errno;
		goto fail;
	}
	if (S_ISDIR(st.st_mode)) {
		rc = -EISDIR;
		goto fail;
	}
	/* A regular file's size is known: one allocation, and room for
	 * the read that finds its end. */
	if (S_ISREG(st.st_mode) && st.st_size > 0 &&
	    (size_t)st.st_size < SP_FILE_READ_MAX)
		cap = (size_t)st.st_size + 2;
	for (;;) {
		rc = -EFBIG;
		if (n >= SP_FILE_READ_MAX)
			goto fail;
		if (!b || n + 1 >= cap) {
			if (b)
				cap = cap > SP_FILE_READ_MAX / 2 ?
					      SP_FILE_READ_MAX + 1 : cap * 2;
			nb = realloc(b, cap);
			rc = -ENOMEM;
			if (!nb)
				goto fail;
			b = nb;
		}
		got = read(fd, b + n, cap - 1 - n);
		if (got < 0 && errno == EINTR)
			continue;
		if (got < 0) {
			rc = -errno;
			goto fail;
		}
		if (got == 0)
			break;
		rc = check ? check(ctx, b, n, n + (size_t)got, d) : 0;
		if (rc) {
			if (d && !d->file[0])
				sp_text_fit(d->file, sizeof(d->file), "%s",
					    path);
			goto out;
		}
		n += (size_t)got;
	}
	rc = 0;
	b[n] = '\0';
	*buf = b;
	*len = n;
	b = NULL;
	goto out;
fail:
	if (rc == -EFBIG)
		sp_diag_set(d, path, 0, 0, NULL, "larger than %zu MiB: not an "
			    "input sandprint reads", SP_FILE_READ_MAX >> 20);
	else
		sp_diag_set(d, path, 0, 0, NULL, "cannot read: %s",
			    strerror(-rc));
out:
	free(b);
	close(fd);
	return rc;
}

const char *sp_file_tmpdir(void)
{
	const char *dir = getenv("TMPDIR");

	return dir && dir[0] == '/' ? dir : "/tmp";
}

int sp_file_write_new(const char *suffix, sp_writer_fn fn, const void *arg,
		      char **path)
{
	const char *dir = sp_file_tmpdir();
	sigset_t old;
	int fd, rc;

	if (asprintf(path, "%s/sandprint-XXXXXX%s", dir, suffix) < 0) {
		*path = NULL;
		return -ENOMEM;
	}
	/* As a replaced file: never left half-written. */
	hold_signals(true, &old);
	fd = mkstemps(*path, (int)strlen(suffix));
	if (fd < 0) {
		rc = -errno;
		goto fail;
	}
	rc = write_fd(fd, true, fn, arg);
	if (close(fd) < 0 && !rc)
		rc = -errno;
	if (!rc) {
		hold_signals(false, &old);
		return 0;
	}
	unlink(*path);
fail:
	hold_signals(false, &old);
	free(*path);
	*path = NULL;
	return rc;
}
