/* Shared by the subcommands: messages, exit codes, option parsing bits. */
#ifndef SP_CLI_CLI_H
#define SP_CLI_CLI_H

#include <stdbool.h>

#include "analyzer/generate.h"
#include "core/diag.h"
#include "core/trace.h"

/* Exit statuses of sandprint's own failures (record and generate otherwise
 * exit with the workload's status). */
#define SP_EXIT_OK 0
#define SP_EXIT_DIFFERENT 1
#define SP_EXIT_ERROR 2

/* "sandprint: " + message + newline on stderr. */
void sp_cli_error(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
/* Prints a diagnostic as "sandprint: FILE:LINE:COL: PATH: MSG". */
void sp_cli_diag(const struct sp_diag *d);

int sp_cmd_record(int argc, char **argv);
int sp_cmd_profile(int argc, char **argv);
int sp_cmd_generate(int argc, char **argv);

/* Recording, shared by record and generate.  Runs argv, fills *out (caller
 * frees; set even on failure when something was recorded).  Returns the
 * exit status sandprint should end with: the workload's, or 127 when the
 * command cannot be run, or SP_EXIT_ERROR. */
int sp_cli_record(char *const *argv, bool quiet, struct sp_trace **out);

/* Profile options, shared by profile and generate. */
struct sp_profile_cli {
	struct sp_generate_opts gen;
	const char *format;
	const char *arch_list;   /* NULL: the observed arches */
};

void sp_profile_cli_init(struct sp_profile_cli *pc);
/* Handles one profile option (the getopt value and its argument).
 * Returns 1 when it was one, 0 when it was not, -1 on a bad value (with a
 * message printed). */
int sp_profile_cli_option(struct sp_profile_cli *pc, int opt,
			  const char *arg);
/* Builds the profile of the traces and writes it to out atomically.
 * Returns 0 or SP_EXIT_ERROR (message printed). */
int sp_profile_cli_emit(const struct sp_profile_cli *pc,
			struct sp_trace *const *traces, size_t n,
			const char *out, bool quiet);

/* Profile option codes (long options only). */
enum {
	SP_OPT_DEFAULT_ACTION = 0x100,
	SP_OPT_RUNTIME,
	SP_OPT_ARCH,
	SP_OPT_FORMAT = 'f',
};

#endif
