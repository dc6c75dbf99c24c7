/* The raw cBPF file: struct sock_filter[] as bytes, what bwrap --seccomp
 * takes and -f bpf writes. */
#include "output/bpf_file.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

int sp_bpf_file_read(const char *path, struct sp_bpf **out, struct sp_diag *d)
{
	struct sp_bpf *b = NULL;
	FILE *f = fopen(path, "rb");
	struct stat st;
	int rc = 0;

	if (!f) {
		rc = -errno;
		sp_diag_set(d, path, 0, 0, NULL, "cannot open: %s",
			    strerror(errno));
		return rc;
	}
	if (fstat(fileno(f), &st)) {
		rc = -errno;
		sp_diag_set(d, path, 0, 0, NULL, "cannot stat: %s",
			    strerror(errno));
		goto out;
	}
	if (st.st_size == 0 || st.st_size % sizeof(struct sock_filter)) {
		rc = -EINVAL;
		sp_diag_set(d, path, 0, 0, NULL,
			    "not a cBPF program: %lld bytes is not a whole "
			    "number of 8-byte instructions",
			    (long long)st.st_size);
		goto out;
	}
	if ((size_t)st.st_size / sizeof(struct sock_filter) > BPF_MAXINSNS) {
		rc = -EINVAL;
		sp_diag_set(d, path, 0, 0, NULL,
			    "not a seccomp program: more than %d instructions",
			    BPF_MAXINSNS);
		goto out;
	}
	b = calloc(1, sizeof(*b));
	if (b)
		b->insns = malloc((size_t)st.st_size);
	if (!b || !b->insns) {
		rc = -ENOMEM;
		sp_diag_set(d, path, 0, 0, NULL, "%s", strerror(ENOMEM));
		goto out;
	}
	b->len = (size_t)st.st_size / sizeof(struct sock_filter);
	if (fread(b->insns, sizeof(struct sock_filter), b->len, f) != b->len) {
		rc = -EIO;
		sp_diag_set(d, path, 0, 0, NULL, "cannot read: short read");
		goto out;
	}
	*out = b;
	b = NULL;
out:
	sp_bpf_free(b);
	fclose(f);
	return rc;
}

int sp_bpf_file_write(FILE *f, const struct sp_bpf *b)
{
	if (fwrite(b->insns, sizeof(*b->insns), b->len, f) != b->len)
		return -EIO;
	return 0;
}
