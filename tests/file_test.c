/* output/file.c: what writing an output path does to what the path names.
 * Everything happens in a fresh temporary directory: devices are made
 * there (mknod, as root), never touched in the host's /dev. */
#include <criterion/criterion.h>

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <ftw.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/inotify.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>
#include <sys/wait.h>
#include <unistd.h>

#include "core/diag.h"
#include "output/file.h"

static char tmpdir[64];

static void make_tmpdir(void)
{
	snprintf(tmpdir, sizeof(tmpdir), "/tmp/sp-file-test-XXXXXX");
	cr_assert_not_null(mkdtemp(tmpdir));
}

static int remove_one(const char *path, const struct stat *st, int flag,
		      struct FTW *ftw)
{
	(void)st;
	(void)flag;
	(void)ftw;
	remove(path);
	return 0;
}

static void remove_tmpdir(void)
{
	nftw(tmpdir, remove_one, 16, FTW_DEPTH | FTW_PHYS);
}

static char *at(const char *name)
{
	static char path[4][512];
	static int next;
	char *p = path[next++ % 4];

	snprintf(p, sizeof(path[0]), "%s/%s", tmpdir, name);
	return p;
}

static char *slurp(const char *path)
{
	static char buf[4096];
	int fd = open(path, O_RDONLY | O_CLOEXEC);
	ssize_t n;

	cr_assert_geq(fd, 0, "cannot open %s: %s", path, strerror(errno));
	n = read(fd, buf, sizeof(buf) - 1);
	cr_assert_geq(n, 0);
	buf[n] = '\0';
	close(fd);
	return buf;
}

static void spit(const char *path, const char *text)
{
	FILE *f = fopen(path, "we");

	cr_assert_not_null(f, "cannot create %s", path);
	fputs(text, f);
	cr_assert_eq(fclose(f), 0);
}

/* Entries of tmpdir whose name contains part. */
static int count_in_tmpdir(const char *part)
{
	DIR *dir = opendir(tmpdir);
	struct dirent *e;
	int n = 0;

	cr_assert_not_null(dir);
	while ((e = readdir(dir)))
		if (strstr(e->d_name, part))
			n++;
	closedir(dir);
	return n;
}

static int write_hello(FILE *f, const void *arg)
{
	(void)arg;
	return fputs("hello\n", f) < 0 ? -EIO : 0;
}

static int write_then_fail(FILE *f, const void *arg)
{
	(void)arg;
	fputs("half a fi", f);
	return -EIO;
}

/* Writes more than stdio buffers, so a device's error comes mid-write,
 * and says only EIO, as the writers of output/ do. */
static int write_big(FILE *f, const void *arg)
{
	(void)arg;
	for (int i = 0; i < 100000; i++)
		if (fputs("0123456789\n", f) < 0)
			return -EIO;
	return 0;
}

Test(file, write_atomic_writes_content, .init = make_tmpdir,
     .fini = remove_tmpdir)
{
	struct sp_diag d = { 0 };
	mode_t old = umask(027);
	char *path = at("new.json");
	struct stat st;

	cr_assert_eq(sp_file_write_atomic(path, write_hello, NULL, &d), 0,
		     "%s", d.msg);
	umask(old);
	cr_assert_str_eq(slurp(path), "hello\n");
	cr_assert_eq(stat(path, &st), 0);
	cr_assert_eq(st.st_mode & 0777, 0640, "mode %o", st.st_mode & 0777);
	cr_assert_eq(count_in_tmpdir(".tmp-"), 0);
}

Test(file, replaced_file_keeps_its_mode_and_owner, .init = make_tmpdir,
     .fini = remove_tmpdir)
{
	struct sp_diag d = { 0 };
	char *path = at("secret.json");
	bool root = geteuid() == 0;
	struct stat st;

	spit(path, "previous content\n");
	cr_assert_eq(chmod(path, 0600), 0);
	if (root)
		cr_assert_eq(chown(path, 4321, 8765), 0);
	cr_assert_eq(sp_file_write_atomic(path, write_hello, NULL, &d), 0,
		     "%s", d.msg);
	cr_assert_str_eq(slurp(path), "hello\n");
	cr_assert_eq(stat(path, &st), 0);
	cr_assert_eq(st.st_mode & 07777, 0600, "mode %o", st.st_mode & 07777);
	if (root) {
		cr_assert_eq(st.st_uid, 4321);
		cr_assert_eq(st.st_gid, 8765);
	}
}

Test(file, failed_write_leaves_old_file_and_no_temporary,
     .init = make_tmpdir, .fini = remove_tmpdir)
{
	struct sp_diag d = { 0 };
	char *path = at("out.json"), want[600];

	spit(path, "previous content\n");
	cr_assert_eq(sp_file_write_atomic(path, write_then_fail, NULL, &d),
		     -EIO);
	cr_assert_str_eq(slurp(path), "previous content\n");
	cr_assert_eq(count_in_tmpdir(".tmp-"), 0);
	cr_assert_eq(count_in_tmpdir("out.json"), 1);
	snprintf(want, sizeof(want), "cannot write %s: Input/output error",
		 path);
	cr_assert_str_eq(d.msg, want);
	/* The path once: in the message, not as the diagnostic's file. */
	cr_assert_str_eq(d.file, "");
}

Test(file, missing_directory_named_once, .init = make_tmpdir,
     .fini = remove_tmpdir)
{
	struct sp_diag d = { 0 };
	char *path = at("missing-dir/out.json"), want[600];

	cr_assert_eq(sp_file_check_writable(path, &d), -ENOENT);
	snprintf(want, sizeof(want),
		 "cannot write %s: No such file or directory", path);
	cr_assert_str_eq(d.msg, want);
	cr_assert_str_eq(d.file, "");
	cr_assert_eq(sp_file_write_atomic(path, write_hello, NULL, &d),
		     -ENOENT);
	cr_assert_str_eq(d.msg, want);

	spit(at("plain"), "");
	path = at("plain/out.json");
	cr_assert_eq(sp_file_check_writable(path, &d), -ENOTDIR);
	cr_assert_eq(sp_file_write_atomic(path, write_hello, NULL, &d),
		     -ENOTDIR);
	snprintf(want, sizeof(want), "cannot write %s: Not a directory", path);
	cr_assert_str_eq(d.msg, want);
	cr_assert_eq(sp_file_check_writable(tmpdir, &d), -EISDIR);
	cr_assert_eq(count_in_tmpdir(".tmp-"), 0);
}

/* The check creates nothing and accepts what the write then succeeds
 * on: a new file, an existing one, a FIFO without a reader (opening it
 * would block). */
Test(file, check_accepts_writable_paths_and_creates_nothing,
     .init = make_tmpdir, .fini = remove_tmpdir)
{
	struct sp_diag d = { 0 };

	cr_assert_eq(sp_file_check_writable(at("new.json"), &d), 0, "%s",
		     d.msg);
	cr_assert_eq(access(at("new.json"), F_OK), -1);
	spit(at("old.json"), "x");
	cr_assert_eq(sp_file_check_writable(at("old.json"), &d), 0);
	cr_assert_eq(mkfifo(at("fifo"), 0600), 0);
	cr_assert_eq(sp_file_check_writable(at("fifo"), &d), 0);
	cr_assert_eq(sp_file_check_writable("-", &d), 0);
	cr_assert_eq(count_in_tmpdir(".tmp-"), 0);
}

Test(file, symlink_target_written_and_link_kept, .init = make_tmpdir,
     .fini = remove_tmpdir)
{
	struct sp_diag d = { 0 };
	struct stat st;

	cr_assert_eq(mkdir(at("real"), 0755), 0);
	spit(at("real/t.json"), "old\n");
	cr_assert_eq(chmod(at("real/t.json"), 0640), 0);
	/* A relative link, through a second one. */
	cr_assert_eq(symlink("real/t.json", at("link1")), 0);
	cr_assert_eq(symlink("link1", at("link2")), 0);
	cr_assert_eq(sp_file_write_atomic(at("link2"), write_hello, NULL, &d),
		     0, "%s", d.msg);
	cr_assert_eq(lstat(at("link2"), &st), 0);
	cr_assert(S_ISLNK(st.st_mode));
	cr_assert_eq(lstat(at("link1"), &st), 0);
	cr_assert(S_ISLNK(st.st_mode));
	cr_assert_str_eq(slurp(at("real/t.json")), "hello\n");
	cr_assert_eq(stat(at("real/t.json"), &st), 0);
	cr_assert_eq(st.st_mode & 0777, 0640);

	/* A dangling link: its target is created, as by ">". */
	cr_assert_eq(symlink("real/new.json", at("dangling")), 0);
	cr_assert_eq(sp_file_write_atomic(at("dangling"), write_hello, NULL,
					  &d), 0, "%s", d.msg);
	cr_assert_eq(lstat(at("dangling"), &st), 0);
	cr_assert(S_ISLNK(st.st_mode));
	cr_assert_str_eq(slurp(at("real/new.json")), "hello\n");

	/* A loop is an error, not a hang. */
	cr_assert_eq(symlink("loop-b", at("loop-a")), 0);
	cr_assert_eq(symlink("loop-a", at("loop-b")), 0);
	cr_assert_eq(sp_file_write_atomic(at("loop-a"), write_hello, NULL,
					  &d), -ELOOP);
}

/* Confined beneath ok/ (oci-hook --output-under): whoever names the
 * paths may plant links there; none is followed, to write, remove or
 * read, and nothing outside is touched.  (Each test is a process of its
 * own: the confinement is for the process's life.) */
Test(file, confined_beneath_never_through_a_link, .init = make_tmpdir,
     .fini = remove_tmpdir)
{
	struct sp_diag d = { 0 };
	char ok[512], *dirs[] = { ok }, *buf = NULL;
	struct stat st;
	size_t len;

	snprintf(ok, sizeof(ok), "%s/ok/", tmpdir);

	cr_assert_eq(mkdir(at("ok"), 0755), 0);
	cr_assert_eq(mkdir(at("other"), 0755), 0);
	spit(at("victim"), "keep\n");
	cr_assert_eq(symlink(at("victim"), at("ok/link.json")), 0);
	cr_assert_eq(symlink("../other", at("ok/up")), 0);
	cr_assert_eq(link(at("victim"), at("ok/hard.log")), 0);
	cr_assert_eq(sp_file_confine(dirs, 1), 0);

	cr_assert_eq(sp_file_write_atomic(at("ok/new.json"), write_hello,
					  NULL, &d), 0, "%s", d.msg);
	cr_assert_str_eq(slurp(at("ok/new.json")), "hello\n");
	cr_assert_eq(sp_file_check_writable(at("ok/new.json"), &d), 0);
	cr_assert_eq(sp_file_write_atomic(at("ok/link.json"), write_hello,
					  NULL, &d), -ELOOP);
	cr_assert_eq(sp_file_remove_replaced(at("ok/link.json")), -ELOOP);
	cr_assert_eq(sp_file_write_atomic(at("ok/up/x.json"), write_hello,
					  NULL, &d), -ELOOP);
	cr_assert_eq(sp_file_write_atomic(at("other/x.json"), write_hello,
					  NULL, &d), -EXDEV);
	cr_assert_eq(sp_file_write_atomic(at("ok/../other/x.json"),
					  write_hello, NULL, &d), -EXDEV);
	cr_assert_eq(sp_file_write_atomic("-", write_hello, NULL, &d), -EXDEV);
	cr_assert_str_eq(sp_file_confined_why(at("ok/up/x.json")),
			 "a link on the way");
	cr_assert_str_eq(sp_file_confined_why(at("ok/link.json")), "a link");
	cr_assert_null(sp_file_confined_why(at("ok/new.json")));
	cr_assert_eq(sp_file_read(at("ok/link.json"), NULL, NULL, &buf, &len,
				  &d), -ELOOP);
	cr_assert_eq(sp_file_open(at("ok/hard.log"), O_WRONLY | O_APPEND, 0),
		     -EMLINK);
	/* Read as before where nothing is confined. */
	cr_assert_eq(sp_file_read(at("victim"), NULL, NULL, &buf, &len, &d),
		     0);
	free(buf);
	cr_assert_str_eq(slurp(at("victim")), "keep\n");
	cr_assert_eq(lstat(at("ok/link.json"), &st), 0);
	cr_assert(S_ISLNK(st.st_mode));
	cr_assert_eq(stat(at("other/x.json"), &st), -1);
}

/* Confined, what is not a regular file alone is refused without being
 * opened: opening a device can act (a watchdog starts), a FIFO's open
 * wakes its other end, and O_TRUNC would have emptied a hard link's
 * other file before it was refused.  (inotify sees every open.) */
Test(file, confined_refuses_without_opening, .init = make_tmpdir,
     .fini = remove_tmpdir)
{
	struct sp_diag d = { 0 };
	char ok[512], *dirs[] = { ok }, *buf = NULL, ev[4096];
	size_t len;
	int in;

	snprintf(ok, sizeof(ok), "%s/ok", tmpdir);
	cr_assert_eq(mkdir(at("ok"), 0755), 0);
	spit(at("victim"), "keep\n");
	cr_assert_eq(link(at("victim"), at("ok/hard.log")), 0);
	cr_assert_eq(mkfifo(at("ok/fifo.log"), 0600), 0);
	cr_assert_eq(sp_file_confine(dirs, 1), 0);
	in = inotify_init1(IN_NONBLOCK | IN_CLOEXEC);
	cr_assert_geq(in, 0);
	cr_assert_geq(inotify_add_watch(in, ok, IN_OPEN), 0);
	cr_assert_geq(inotify_add_watch(in, at("victim"), IN_OPEN | IN_MODIFY),
		      0);

	cr_assert_eq(sp_file_open(at("ok/hard.log"), O_WRONLY | O_CREAT |
				  O_TRUNC | O_APPEND, 0644), -EMLINK);
	cr_assert_eq(sp_file_open(at("ok/fifo.log"), O_RDWR | O_CREAT |
				  O_APPEND, 0644), -EPERM);
	cr_assert_eq(sp_file_read(at("ok/fifo.log"), NULL, NULL, &buf, &len,
				  &d), -EPERM);
	cr_assert_eq(read(in, ev, sizeof(ev)), -1, "opened before refused");
	cr_assert_eq(errno, EAGAIN);
	cr_assert_str_eq(slurp(at("victim")), "keep\n");
	/* A new file, and a regular one there, are opened. */
	cr_assert_geq(sp_file_open(at("ok/new.log"), O_WRONLY | O_CREAT |
				   O_TRUNC, 0644), 0);
	spit(at("ok/old.log"), "old\n");
	cr_assert_geq(sp_file_open(at("ok/old.log"), O_WRONLY | O_TRUNC, 0), 0);
	cr_assert_str_eq(slurp(at("ok/old.log")), "");
	close(in);
}

Test(file, fifo_written_in_place, .init = make_tmpdir, .fini = remove_tmpdir)
{
	struct sp_diag d = { 0 };
	char buf[16] = { 0 };
	struct stat st;
	int fd;

	cr_assert_eq(mkfifo(at("fifo"), 0600), 0);
	/* A reader holding it open, so the write's open does not block. */
	fd = open(at("fifo"), O_RDONLY | O_NONBLOCK | O_CLOEXEC);
	cr_assert_geq(fd, 0);
	cr_assert_eq(sp_file_write_atomic(at("fifo"), write_hello, NULL, &d),
		     0, "%s", d.msg);
	cr_assert_eq(read(fd, buf, sizeof(buf) - 1), 6);
	cr_assert_str_eq(buf, "hello\n");
	close(fd);
	cr_assert_eq(lstat(at("fifo"), &st), 0);
	cr_assert(S_ISFIFO(st.st_mode), "the FIFO was replaced");
	cr_assert_eq(count_in_tmpdir(".tmp-"), 0);
}

/* /dev/null and /dev/full as mknod makes them, in the test's directory. */
static bool make_device(const char *path, unsigned minor)
{
	if (mknod(path, S_IFCHR | 0666, makedev(1, minor)) == 0)
		return true;
	cr_log_warn("mknod %s: %s: not tested here", path, strerror(errno));
	return false;
}

Test(file, character_device_written_in_place, .init = make_tmpdir,
     .fini = remove_tmpdir)
{
	struct sp_diag d = { 0 };
	char *null = at("null"), *full = at("full"), want[600];
	struct stat st;

	if (!make_device(null, 3) || !make_device(full, 7))
		cr_skip_test("cannot make device nodes (not root?)");
	cr_assert_eq(sp_file_check_writable(null, &d), 0, "%s", d.msg);
	cr_assert_eq(sp_file_write_atomic(null, write_hello, NULL, &d), 0,
		     "%s", d.msg);
	cr_assert_eq(stat(null, &st), 0);
	cr_assert(S_ISCHR(st.st_mode), "null was replaced");
	cr_assert_eq(st.st_rdev, makedev(1, 3));

	/* A full device: the device's own error, by name, even when the
	 * writer only saw EIO. */
	cr_assert_eq(sp_file_write_atomic(full, write_big, NULL, &d), -ENOSPC);
	snprintf(want, sizeof(want),
		 "cannot write %s: No space left on device", full);
	cr_assert_str_eq(d.msg, want);
	cr_assert_eq(sp_file_write_atomic(full, write_hello, NULL, &d),
		     -ENOSPC);
	cr_assert_eq(stat(full, &st), 0);
	cr_assert(S_ISCHR(st.st_mode), "full was replaced");
	/* And through a symlink, as /dev/stdout may lead to a device. */
	cr_assert_eq(symlink("null", at("to-null")), 0);
	cr_assert_eq(sp_file_write_atomic(at("to-null"), write_hello, NULL,
					  &d), 0);
	cr_assert_eq(stat(null, &st), 0);
	cr_assert(S_ISCHR(st.st_mode));
	cr_assert_eq(count_in_tmpdir(".tmp-"), 0);
}

Test(file, dash_is_stdout)
{
	struct sp_diag d = { 0 };
	char buf[16] = { 0 };
	int fds[2], saved;

	cr_assert_eq(pipe(fds), 0);
	fflush(stdout);
	saved = dup(STDOUT_FILENO);
	cr_assert_geq(saved, 0);
	cr_assert_geq(dup2(fds[1], STDOUT_FILENO), 0);
	cr_assert_eq(sp_file_write_atomic("-", write_hello, NULL, &d), 0);
	cr_assert_geq(dup2(saved, STDOUT_FILENO), 0);
	close(saved);
	close(fds[1]);
	cr_assert_eq(read(fds[0], buf, sizeof(buf) - 1), 6);
	cr_assert_str_eq(buf, "hello\n");
	close(fds[0]);
	cr_assert_eq(access("-", F_OK), -1, "a file named \"-\" was created");
}

/* /dev/fd/N and /proc/self/fd/N name a descriptor sandprint holds: it is
 * written as it is (a shell's ">>" stays an append), never replaced. */
Test(file, own_descriptor_written_as_is, .init = make_tmpdir,
     .fini = remove_tmpdir)
{
	struct sp_diag d = { 0 };
	char path[64];
	struct stat before, after;
	int fd;

	spit(at("log"), "first\n");
	cr_assert_eq(stat(at("log"), &before), 0);
	fd = open(at("log"), O_WRONLY | O_APPEND | O_CLOEXEC);
	cr_assert_geq(fd, 0);
	snprintf(path, sizeof(path), "/dev/fd/%d", fd);
	cr_assert_eq(sp_file_check_writable(path, &d), 0, "%s", d.msg);
	cr_assert_eq(sp_file_write_atomic(path, write_hello, NULL, &d), 0,
		     "%s", d.msg);
	snprintf(path, sizeof(path), "/proc/self/fd/%d", fd);
	cr_assert_eq(sp_file_write_atomic(path, write_hello, NULL, &d), 0,
		     "%s", d.msg);
	close(fd);
	cr_assert_str_eq(slurp(at("log")), "first\nhello\nhello\n");
	cr_assert_eq(stat(at("log"), &after), 0);
	cr_assert_eq(after.st_ino, before.st_ino, "the file was replaced");
	cr_assert_eq(count_in_tmpdir(".tmp-"), 0);
}

/* A signal arriving mid-write (a user's Ctrl-C on a large trace) takes
 * effect once the new file is in place: neither the file nor a
 * temporary is left half-done. */
static int write_with_signal(FILE *f, const void *arg)
{
	const int *fail = arg;

	fputs("first half\n", f);
	fflush(f);
	raise(SIGINT);
	fputs("second half\n", f);
	return *fail ? -EIO : 0;
}

static int signaled_write(const char *path, int fail)
{
	struct sp_diag d = { 0 };
	int status;
	pid_t pid = fork();

	cr_assert_geq(pid, 0);
	if (pid == 0) {
		signal(SIGINT, SIG_DFL);
		sp_file_write_atomic(path, write_with_signal, &fail, &d);
		_exit(0);
	}
	cr_assert_eq(waitpid(pid, &status, 0), pid);
	return status;
}

Test(file, signal_during_write_loses_nothing, .init = make_tmpdir,
     .fini = remove_tmpdir)
{
	char *path = at("t.json");
	int status;

	spit(path, "previous\n");
	status = signaled_write(path, 0);
	cr_assert(WIFSIGNALED(status) && WTERMSIG(status) == SIGINT,
		  "status %#x", status);
	cr_assert_str_eq(slurp(path), "first half\nsecond half\n");
	cr_assert_eq(count_in_tmpdir(".tmp-"), 0);

	/* Failing after the signal: the previous file, no temporary. */
	spit(path, "previous\n");
	status = signaled_write(path, 1);
	cr_assert(WIFSIGNALED(status) && WTERMSIG(status) == SIGINT,
		  "status %#x", status);
	cr_assert_str_eq(slurp(path), "previous\n");
	cr_assert_eq(count_in_tmpdir(".tmp-"), 0);
}

/* Inputs are read once, so a pipe works, and bounded: a check stops
 * binary input at its first block. */
Test(file, read_takes_a_pipe_once_and_stops_binary)
{
	struct sp_diag d = { 0 };
	char path[64], *buf = NULL;
	size_t len = 0;
	int fds[2];

	cr_assert_eq(pipe(fds), 0);
	cr_assert_eq(write(fds[1], "{\"a\": 1}\n", 9), 9);
	close(fds[1]);
	snprintf(path, sizeof(path), "/dev/fd/%d", fds[0]);
	cr_assert_eq(sp_file_read(path, sp_file_text_check, NULL, &buf, &len,
				  &d), 0, "%s", d.msg);
	cr_assert_eq(len, 9);
	cr_assert_str_eq(buf, "{\"a\": 1}\n");
	free(buf);
	close(fds[0]);

	cr_assert_eq(pipe(fds), 0);
	cr_assert_eq(write(fds[1], "{\n  \"a\0", 8), 8);
	close(fds[1]);
	snprintf(path, sizeof(path), "/dev/fd/%d", fds[0]);
	cr_assert_eq(sp_file_read(path, sp_file_text_check, NULL, &buf, &len,
				  &d), -EINVAL);
	cr_assert_str_eq(d.file, path);
	cr_assert_eq(d.line, 2);
	cr_assert_eq(d.column, 5);
	cr_assert_str_eq(d.msg, "a NUL byte: not text");
	close(fds[0]);

	cr_assert_eq(sp_file_read("/nonexistent/x", NULL, NULL, &buf, &len,
				  &d), -ENOENT);
	cr_assert_str_eq(d.msg, "cannot open: No such file or directory");
	cr_assert_eq(sp_file_read("/tmp", NULL, NULL, &buf, &len, &d),
		     -EISDIR);
}
