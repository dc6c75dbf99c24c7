/* Writing output files without harming what the path names.  A regular
 * file (or a new one) is replaced atomically: a temporary file in the
 * same directory, then rename(2), so a reader never sees half a file and
 * a failed or interrupted write leaves the old file (or none) and no
 * temporary.  Anything else is written in place, as a shell's ">" would:
 * a character device (/dev/null, a terminal), a FIFO, "-" (stdout), one
 * of sandprint's own descriptors (/dev/stdout, /dev/fd/N), and, unless
 * sandprint is root, a regular file that is another user's (whose owner
 * a temporary could not take, and which a writable directory would let
 * us replace where ">" is refused) or in a directory we may not write,
 * and a regular file that is the root of a mount (a file bound there,
 * which rename(2) cannot replace: EBUSY).  A regular file written in
 * place is made whole and room taken for it before it is written over:
 * a full disk leaves the old file, not part of the new one.
 * Symlinks are followed: their target is written, the link stays
 * (unless the files are confined: sp_file_confine). */
#ifndef SP_OUTPUT_FILE_H
#define SP_OUTPUT_FILE_H

#include <stdbool.h>
#include <stdio.h>
#include <sys/types.h>

#include "core/diag.h"

/* Produces the content into f; returns 0 or -errno. */
typedef int (*sp_writer_fn)(FILE *f, const void *arg);

/* Writes path through fn, as above.  A replaced regular file keeps its
 * permissions and, where the caller may set them, its owner and group; a
 * new one gets 0666 less the umask.  SIGINT, SIGTERM, SIGHUP and SIGQUIT
 * arriving while a regular file is written are held until it is in place
 * (or the write failed and the temporary is gone), then take effect.  On
 * failure d says why (naming path, once) and -errno is returned. */
int sp_file_write_atomic(const char *path, sp_writer_fn fn, const void *arg,
			 struct sp_diag *d);

/* fn is called with the path and true before sp_file_write_atomic waits
 * for a reader of a FIFO that has none yet (its open blocks until one
 * comes), nothing written to it yet: the caller says so (or the wait is
 * silent), and lets a stop signal act meanwhile; with false once the
 * open returned.  NULL: silent. */
void sp_file_on_wait(void (*fn)(const char *path, bool waiting));

/* Makes stdout a stream that keeps the first errno of a failed write
 * to descriptor 1 (sp_file_errno), as sp_file_write_atomic's writes do:
 * what a command prints to stdout failing says "No space left on device"
 * or "Broken pipe", not the EIO of stdio's error flag.  Buffered as
 * stdio would (by line on a terminal).  Once, before anything is
 * printed.  0 or -ENOMEM (stdout left as it was). */
int sp_file_stdout_sink(void);

/* Why writing f failed: the descriptor's errno where f is the stdout
 * sink, else EIO if f's error flag is set; 0 when nothing failed. */
int sp_file_errno(FILE *f);

/* f's descriptor, stdout's too once it is a sink (fileno(3) is -1 for
 * it): for isatty(3). */
int sp_file_fileno(FILE *f);

/* Reading inputs.  A check sees the bytes of a file as they arrive
 * (buf[0..len), of which buf[from..len) are new) and returns 0 to read
 * on, or -errno with d set to stop with an error. */
typedef int (*sp_read_check_fn)(void *ctx, const char *buf, size_t from,
				size_t len, struct sp_diag *d);

/* Inputs larger than this are refused: a trace of 100,000 patterns is
 * 12 MB, about 90 MB with call-site stacks. */
#define SP_FILE_READ_MAX ((size_t)512 << 20)

/* A check for text (JSON, strace logs): a NUL byte is an error at once,
 * so binary input (/dev/zero) is refused at its first block.  ctx
 * unused. */
int sp_file_text_check(void *ctx, const char *buf, size_t from, size_t len,
		       struct sp_diag *d);

/* Reads the whole of path into a new buffer *buf (NUL-terminated, caller
 * frees), *len bytes, in one pass, so that a pipe (show <(cat t.json))
 * works.  check (may be NULL, with its ctx) stops an input that cannot be
 * what is expected as soon as it shows, and past SP_FILE_READ_MAX bytes
 * the read fails (-EFBIG): /dev/zero or an endless pipe costs neither
 * all memory nor forever.  0, or -errno with d naming path. */
int sp_file_read(const char *path, sp_read_check_fn check, void *ctx,
		 char **buf, size_t *len, struct sp_diag *d);

/* Checks, before any work whose result would go to path, that it can be
 * written: a file can be created in its directory (a regular or new file:
 * the temporary is created and removed), or the device or FIFO it names
 * is writable.  Nothing is left behind.  0, or -errno with d naming
 * path. */
int sp_file_check_writable(const char *path, struct sp_diag *d);

/* Removes the file that writing path would replace (through its links,
 * as sp_file_write_atomic writes): a regular file of ours, never what is
 * written in place (a device such as /dev/null, a FIFO), nor a link on
 * the way; a regular file written in place is emptied.  0 (removed, or
 * nothing to remove) or -errno. */
int sp_file_remove_replaced(const char *path);

/* Whether writing a and writing b write the same file: the same regular
 * file (through links, or another link to it), or the same new one (its
 * directory however spelt).  Each would lose the other.  Not a device or
 * a FIFO, written in place: writing both there loses nothing. */
bool sp_file_same_output(const char *a, const char *b);

/* Where a file of sandprint's own goes: $TMPDIR when absolute, else
 * /tmp. */
const char *sp_file_tmpdir(void);

/* Writes fn's output to a new file of its own, mode 0600, in
 * sp_file_tmpdir(), named "sandprint-XXXXXX" followed by suffix:
 * where a result that cannot be made again (a recording) goes when its
 * path could not be written.  The signals sp_file_write_atomic holds are
 * held here too.  Its name in *path (caller frees), or -errno and *path
 * NULL (no file left). */
int sp_file_write_new(const char *suffix, sp_writer_fn fn, const void *arg,
		      char **path);

/* Confines every file written, removed or checked through these
 * functions, and every one read under one of dirs, beneath dirs (n
 * absolute paths, followed as given: the caller's, not whoever names the
 * files).  Each path must then be spelt under one of them, with no "."
 * or "..", and its directories beneath it are looked up without
 * following any link (openat2 RESOLVE_BENEATH, RESOLVE_NO_SYMLINKS),
 * once, the directory held open while the file is written.  The file
 * itself is a regular file or a new one, never a link (nor followed),
 * a device or a FIFO; "-" is refused.  For the process's life.  0 or
 * -ENOMEM. */
int sp_file_confine(char *const *dirs, size_t n);

/* Why writing path breaks the confinement (a sentence: "a link on the
 * way", ...), or NULL where it does not, or nothing is confined. */
const char *sp_file_confined_why(const char *path);

/* open(2) of path (O_CLOEXEC added), confined as the files written:
 * then a regular file alone, not a link, nor one of several links
 * (the file a hard link names), looked at before it is opened: anything
 * else is refused unopened (a device's open can act) and O_TRUNC empties
 * nothing refused.  The descriptor or -errno. */
int sp_file_open(const char *path, int flags, mode_t mode);

#endif
