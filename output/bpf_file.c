/* The raw cBPF file: struct sock_filter[] as bytes, what bwrap --seccomp
 * takes and -f bpf writes. */
#include "output/bpf_file.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "core/text.h"
#include "output/file.h"

int sp_bpf_file_read_check(void *ctx, const char *buf, size_t from,
			   size_t len, struct sp_diag *d)
{
	(void)ctx;
	(void)buf;
	(void)from;
	if (len <= BPF_MAXINSNS * sizeof(struct sock_filter))
		return 0;
	sp_diag_set(d, NULL, 0, 0, NULL,
		    "not a seccomp program: more than %d instructions",
		    BPF_MAXINSNS);
	return -EINVAL;
}

int sp_bpf_file_parse(const char *name, const char *buf, size_t len,
		      struct sp_bpf **out, struct sp_diag *d)
{
	struct sp_bpf *b;

	if (len == 0 || len % sizeof(struct sock_filter)) {
		sp_diag_set(d, name, 0, 0, NULL,
			    "not a cBPF program: %zu byte%s, not a whole "
			    "number of 8-byte instructions", len,
			    len == 1 ? "" : "s");
		return -EINVAL;
	}
	if (sp_bpf_file_read_check(NULL, buf, 0, len, d)) {
		sp_text_fit(d->file, sizeof(d->file), "%s", name);
		return -EINVAL;
	}
	b = calloc(1, sizeof(*b));
	if (b)
		b->insns = malloc(len);
	if (!b || !b->insns) {
		sp_bpf_free(b);
		sp_diag_set(d, name, 0, 0, NULL, "%s", strerror(ENOMEM));
		return -ENOMEM;
	}
	memcpy(b->insns, buf, len);
	b->len = len / sizeof(struct sock_filter);
	*out = b;
	return 0;
}

int sp_bpf_file_read(const char *path, struct sp_bpf **out, struct sp_diag *d)
{
	char *buf = NULL;
	size_t len;
	int rc = sp_file_read(path, sp_bpf_file_read_check, NULL, &buf, &len,
			      d);

	if (!rc)
		rc = sp_bpf_file_parse(path, buf, len, out, d);
	free(buf);
	return rc;
}

int sp_bpf_file_write(FILE *f, const struct sp_bpf *b)
{
	if (fwrite(b->insns, sizeof(*b->insns), b->len, f) != b->len)
		return -EIO;
	return 0;
}
