#include "output/file.h"

#include <errno.h>
#include <fcntl.h>
#include <libgen.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

/* The mode open(2) would give a new file: 0666 less the umask.  umask(2)
 * can only be read by setting it; this runs once per output file, before
 * any thread that could create files exists. */
static mode_t new_file_mode(void)
{
	mode_t mask = umask(022);

	umask(mask);
	return 0666 & ~mask;
}

/* Makes the rename durable; failure here loses nothing already written,
 * so it is not reported. */
static void sync_dir_of(const char *path)
{
	char *copy = strdup(path);
	int fd;

	if (!copy)
		return;
	fd = open(dirname(copy), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (fd >= 0) {
		fsync(fd);
		close(fd);
	}
	free(copy);
}

static int write_stdout(sp_writer_fn fn, const void *arg, struct sp_diag *d)
{
	int ret = fn(stdout, arg);

	if (!ret && fflush(stdout))
		ret = -errno;
	if (!ret && ferror(stdout))
		ret = -EIO;
	if (ret)
		sp_diag_set(d, "-", 0, 0, NULL,
			    "cannot write standard output: %s", strerror(-ret));
	return ret;
}

int sp_file_write_atomic(const char *path, sp_writer_fn fn, const void *arg,
			 struct sp_diag *d)
{
	static const char suffix[] = ".tmp-XXXXXX";
	size_t len = strlen(path);
	bool created = false;
	char *tmp = NULL;
	FILE *f = NULL;
	int fd, ret;

	if (strcmp(path, "-") == 0)
		return write_stdout(fn, arg, d);

	tmp = malloc(len + sizeof(suffix));
	if (!tmp) {
		ret = -ENOMEM;
		goto out;
	}
	memcpy(tmp, path, len);
	memcpy(tmp + len, suffix, sizeof(suffix));

	fd = mkstemp(tmp);
	if (fd < 0) {
		ret = -errno;
		goto out;
	}
	created = true;
	/* mkstemp creates 0600; an output file is as readable as any other
	 * file the user creates. */
	if (fchmod(fd, new_file_mode()) < 0) {
		ret = -errno;
		close(fd);
		goto out;
	}
	f = fdopen(fd, "w");
	if (!f) {
		ret = -errno;
		close(fd);
		goto out;
	}
	ret = fn(f, arg);
	if (ret)
		goto out;
	if (fflush(f)) {
		ret = -errno;
		goto out;
	}
	if (ferror(f)) {
		ret = -EIO;
		goto out;
	}
	if (fsync(fileno(f)) < 0) {
		ret = -errno;
		goto out;
	}
	ret = fclose(f);
	f = NULL;
	if (ret) {
		ret = -errno;
		goto out;
	}
	if (rename(tmp, path) < 0) {
		ret = -errno;
		goto out;
	}
	created = false;
	sync_dir_of(path);
out:
	if (f)
		fclose(f);
	if (created)
		unlink(tmp);
	free(tmp);
	if (ret)
		sp_diag_set(d, path, 0, 0, NULL, "cannot write %s: %s", path,
			    strerror(-ret));
	return ret;
}
