/* -f c: the profile as one C file on libseccomp, and the pieces the other
 * text formats share (comments, names). */
#ifndef SP_OUTPUT_C_H
#define SP_OUTPUT_C_H

#include <stdio.h>

#include "core/profile.h"

/* Writes p as C source: sandprint_install() builds the filter with
 * libseccomp (names resolved at run time, unknown ones skipped as crun and
 * runc do) and loads it; sandprint_export_bpf(fd) writes the raw program;
 * main(), unless compiled with -DSANDPRINT_NO_MAIN, installs the filter
 * and execs argv[1..].  Each rule is preceded by its comment (evidence).
 * Rules whose action is the default one are left out (libseccomp refuses
 * them).  0 or -errno. */
int sp_profile_write_c(FILE *f, const struct sp_profile *p);

/* Writes s into a C comment, with any comment end broken up and control
 * characters replaced by spaces. */
void sp_c_comment_text(FILE *f, const char *s);

/* Writes s as a C string literal (quoted, escaped). */
void sp_c_string(FILE *f, const char *s);

/* "SCMP_ACT_ERRNO(ENOSYS)", "SCMP_ACT_ALLOW", ...: the libseccomp macro
 * of an action.  err < 0 means EPERM. */
void sp_c_action(FILE *f, enum sp_action a, int err);

/* The main() both C formats end with: installs the filter and execs
 * argv[1..], unless SANDPRINT_NO_MAIN is defined. */
void sp_c_jail_main(FILE *f);

#endif
