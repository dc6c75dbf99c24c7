#include <fcntl.h>
#include <getopt.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "cli/cli.h"

static void usage(FILE *f)
{
	fprintf(f,
		"usage: sandprint generate [-q] [--default-action ACTION] "
		"[--args MODE]\n"
		"                          [--safety LIST] [--runtime LIST] "
		"[--no-new-privileges]\n"
		"                          [--stacks[=DEPTH]] [--arch LIST] "
		"[--via PATH]\n"
		"                          [--static MODE] [--languages LIST] "
		"[--root DIR]\n"
		"                          [--ready-fd FD] [--progress] "
		"[-f FORMAT] -o OUT\n"
		"                          [--repeat N] [--baseline PROFILE "
		"[--filter NAME]]\n"
		"                          ([--] CMD [ARG]... | -p PID... | "
		"--cgroup PATH)\n\n"
		"Records CMD (as 'sandprint record') and writes its profile "
		"(as 'sandprint\nprofile').  Exits with CMD's status.\n\n"
		"  -o, --output OUT         write the profile here (required; "
		"- for stdout)\n"
		"  -f, --format FORMAT      json (default), c, c-bpf, bpf, "
		"systemd, minijail,\n"
		"                           k8s, firecracker (see "
		"sandprint-formats(5))\n"
		"      --default-action ACTION\n"
		"                           errno (default), kill-process, "
		"kill-thread, trap, log\n"
		"      --args MODE          auto (default), strict, none\n"
		"      --safety LIST        vdso, control-flow, fallback, advice;"
		" all\n"
		"                           (default), none\n"
		"      --runtime LIST       crun, runc, none (default: "
		"crun,runc for json\n"
		"                           and k8s, none otherwise)\n"
		"      --no-new-privileges  the container runs with "
		"noNewPrivileges true\n"
		"      --arch LIST          architectures to list (default: "
		"the observed ones)\n"
		"      --static MODE        auto (default), none: see "
		"'sandprint profile --help'\n"
		"      --languages LIST     auto (default), none, or go, jvm, "
		"node, python,\n"
		"                           ghc, glibc\n"
		"      --root DIR           the recorded paths are under DIR: "
		"see 'sandprint\n"
		"                           profile --help'\n"
		"      --stacks[=DEPTH]     unwind each pattern's first call "
		"site; a recorded\n"
		"                           rule's comment names that of its "
		"most made call\n"
		"      --repeat N           run CMD N times into one recording;"
		" the calls seen\n"
		"                           in only some runs are named (see "
		"'sandprint\n"
		"                           record --help')\n"
		"      --baseline PROFILE   run CMD under PROFILE, only the calls"
		" it refuses\n"
		"                           stopping; the profile allows "
		"PROFILE's calls and\n"
		"                           what is new\n"
		"      --filter NAME        the filter of a Firecracker "
		"--baseline file\n"
		"                           (default: its only one)\n"
		"  -p, --pid PID            attach to this running process "
		"instead of running\n"
		"                           CMD (repeatable; see 'sandprint "
		"record --help')\n"
		"      --cgroup PATH        record every process of this "
		"cgroup instead (see\n"
		"                           'sandprint record --help')\n"
		"      --ready-fd FD        with --cgroup or -p: write "
		"\"ready\" to FD once\n"
		"                           recording\n"
		"      --via PATH           bpf (the default as root where it "
		"can run), ptrace\n"
		"                           (the default elsewhere) or notify: "
		"see 'sandprint\n"
		"                           record --help'\n"
		"      --progress           a live status line on stderr: see "
		"'sandprint\n"
		"                           record --help'\n"
		"  -q, --quiet              no summary or notes on stderr\n"
		"  -h, --help               show this help\n");
}

/* The root of the processes -p or --cgroup records, when they run in
 * another mount namespace (a container's): the paths the recording
 * names are theirs, so the static analysis reads them under that root
 * (profile --root), held open with the namespace (whose mounts its last
 * process takes with it) until the profile is written: buf,
 * "/proc/self/fd/N".  NULL: the same namespace, several (no one root is
 * theirs: the profile says that their paths were read here), or their
 * root cannot be read. */
static const char *their_root(const struct sp_record_cli *rec, char *buf,
			      size_t len)
{
	char path[64];
	pid_t pid;
	int ns, fd;

	if (sp_record_cli_mount_ns(rec, &pid, &ns) != SP_MOUNT_NS_OTHER)
		return NULL;
	snprintf(path, sizeof(path), "/proc/%d/root", (int)pid);
	fd = open(path, O_PATH | O_DIRECTORY | O_CLOEXEC);
	if (fd < 0) {
		close(ns);
		return NULL;
	}
	/* ns stays open until sandprint exits. */
	snprintf(buf, len, "/proc/self/fd/%d", fd);
	return buf;
}

int sp_cmd_generate(int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "output", required_argument, NULL, 'o' },
		SP_PROFILE_CLI_LONGOPTS,
		{ "quiet", no_argument, NULL, 'q' },
		SP_RECORD_CLI_LONGOPTS,
		{ "help", no_argument, NULL, 'h' },
		{ 0 },
	};
	struct sp_profile_cli pc;
	struct sp_record_cli rec = { .ready_fd = -1 };
	const char *output = NULL;
	struct sp_trace *t = NULL;
	char root[64];
	int c, stop, status, rc;

	sp_profile_cli_init(&pc);
	optind = 1;
	while ((c = sp_cli_getopt(argc, argv, "+o:f:p:qh", longopts, usage,
				  &stop))) {
		int r = sp_profile_cli_option(&pc, c, optarg);

		if (r == 0)
			r = sp_record_cli_option(&rec, c, optarg);
		if (r < 0)
			return SP_EXIT_ERROR;
		if (r > 0)
			continue;
		switch (c) {
		case 'o':
			output = optarg;
			break;
		case 'q':
			rec.quiet = true;
			break;
		}
	}
	if (stop >= 0)
		return stop;
	if (!output)
		return sp_cli_usage_error(usage,
					  "generate: -o OUT is required");
	if (sp_record_cli_finish(&rec, "generate", argc, argv, optind)) {
		usage(stderr);
		return SP_EXIT_ERROR;
	}
	if (sp_record_cli_output_ok(&rec, output))
		return SP_EXIT_ERROR;
	if (!pc.root && (pc.static_on || pc.langs_auto)) {
		pc.root = their_root(&rec, root, sizeof(root));
		pc.root_found = pc.root != NULL;
	}
	status = sp_cli_record(&rec, &t, NULL);
	if (!t)
		return status;
	sp_cli_guard_trace(t);
	rc = sp_profile_cli_emit(&pc, &t, 1, output, rec.quiet);
	sp_cli_unguard_trace();
	if (rc) {
		sp_cli_keep_trace(t);
		status = SP_EXIT_ERROR;
	} else if (!rec.quiet)
		sp_cli_error("recorded %llu calls, %zu patterns%s: profile "
			     "written to %s",
			     (unsigned long long)t->ncalls, t->npatterns,
			     t->partial ? " (partial recording)" : "",
			     output);
	sp_trace_free(t);
	return status;
}
