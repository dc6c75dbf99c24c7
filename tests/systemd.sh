#!/bin/bash
# systemd.sh - -f systemd enforced by systemd itself: systemd 252 boots as
# PID 1 of a systemd-nspawn container (the host's /usr, --volatile=yes)
# and runs one service whose [Service] section is what 'profile -f
# systemd' wrote, with its default, the unit's own SystemCallFilter=
# parser and seccomp code (systemd-analyze verify in tests/analysis.sh
# only parses).  A probe recorded making no call of its own then makes
# the calls named on its command line, in order, under the unit:
#  - futex_waitv, which the profile refuses with its own errno (ENOSYS
#    in the JSON profile's rule): the deny-listed entry after the allow
#    list gives that errno, not the default;
#  - getuid, a call of systemd's @default group (systemd-analyze
#    syscall-filter says so) that the JSON profile does not allow:
#    killed (SIGSYS) under a KILL default as crun kills it, EPERM under
#    an ERRNO default; systemd adds @default to every allow list, so it
#    ran before the writer deny-listed what no rule allows;
#  - the lines as a drop-in of a unit that has its own filter
#    (SystemCallFilter=@system-service, SystemCallErrorNumber=EPERM, as
#    vendors' units do): getpriority, of @system-service and not of the
#    profile, is killed as under crun (the drop-in's lines were added to
#    the unit's list: it ran).
#
# Usage: systemd.sh SANDPRINT
# Needs root, systemd-nspawn (systemd-container in scripts/deps.sh) and
# cc; skips (77) without them or where nspawn cannot boot systemd.
set -u
. "$(dirname -- "$0")/lib.sh"
SP=$(realpath -e -- "$1") || exit 2
sp_begin systemd root
for t in systemd-nspawn systemd-analyze cc jq; do
	command -v "$t" >/dev/null ||
		{ echo "systemd: no $t (scripts/deps.sh installs it); skipping" >&2; exit 77; }
done

cat >probe.c <<'PROBE'
#define _GNU_SOURCE
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <sys/syscall.h>
#include <unistd.h>

/* probe NAME...: makes each call with zero arguments, prints
 * "NAME RESULT" (an errno's name when it fails). */
int main(int argc, char **argv)
{
	static const struct { const char *name; long nr; } calls[] = {
		{ "getuid", SYS_getuid },
		{ "futex_waitv", 449 },	/* __NR_futex_waitv, all arches */
		{ "getpriority", SYS_getpriority },
	};

	for (int i = 1; i < argc; i++)
		for (size_t k = 0; k < sizeof(calls) / sizeof(calls[0]); k++) {
			long r;

			if (strcmp(argv[i], calls[k].name))
				continue;
			r = syscall(calls[k].nr, 0, 0, 0, 0, 0);
			printf("%s %s\n", argv[i],
			       r < 0 ? strerrorname_np(errno) : "ok");
			fflush(stdout);
		}
	return 0;
}
PROBE
cc -O2 -o probe probe.c || { echo "setup: cc failed"; exit 2; }
"$SP" record -q -o t.json ./probe >/dev/null || { echo "setup: record failed"; exit 2; }

# The oracles: systemd's own @default, and what the JSON profile says.
systemd-analyze syscall-filter --no-pager @default >default.txt 2>/dev/null
grep -qx ' *getuid' default.txt ||
	{ echo "setup: getuid not in this systemd's @default: $(head -3 default.txt)"; exit 2; }
"$SP" profile -q --default-action kill-process -o kill.json t.json &&
"$SP" profile -q --default-action kill-process -f systemd -o kill.sd t.json &&
"$SP" profile -q -f systemd -o errno.sd t.json || { echo "setup: profile failed"; exit 2; }
for c in getuid getpriority; do
	jq -e --arg c "$c" '[.syscalls[].names[]] | index($c) | not' kill.json >/dev/null ||
		{ echo "setup: the profile allows $c"; exit 2; }
done
systemd-analyze syscall-filter --no-pager @system-service | grep -qx ' *getpriority' ||
	{ echo "setup: getpriority not in this systemd's @system-service"; exit 2; }
waitv=$(jq -r '[.syscalls[] | select(.names | index("futex_waitv")) |
	.action + " " + (.errnoRet | tostring)][0]' kill.json)
[ "$waitv" = "SCMP_ACT_ERRNO 38" ] ||
	{ echo "setup: futex_waitv in the profile: $waitv"; exit 2; }

# service NAME SETTINGS CMD...: CMD as the only service of systemd booted
# in a container, with the settings ($DROPIN set: in the unit's drop-in
# directory, the unit holding $DROPIN); $NAME.out holds its output and
# $NAME.result "SERVICE_RESULT EXIT_CODE EXIT_STATUS" as systemd saw it.
DROPIN=
machine=sp-systemd-$$
# nspawn keeps a directory per machine under /run for machinectl bind
# and cannot remove it where /run is not a tmpfs.
sp_at_exit "rmdir /run/systemd/nspawn/propagate/$machine 2>/dev/null"
service() {
	local name=$1 settings=$2
	shift 2
	mkdir -p "units.$name"
	{ printf '[Unit]\nDefaultDependencies=no\n'
	  printf 'SuccessAction=exit-force\nFailureAction=exit-force\n'
	  printf '[Service]\nType=exec\nWorkingDirectory=%s\n' "$WORK"
	  printf 'ExecStart=%s\n' "$*"
	  printf "ExecStopPost=+/bin/sh -c 'echo \"\$\$SERVICE_RESULT \$\$EXIT_CODE \$\$EXIT_STATUS\" >%s'\n" \
		"$WORK/$name.result"
	  printf 'StandardOutput=file:%s\nStandardError=inherit\n' "$WORK/$name.out"
	  if [ -n "$DROPIN" ]; then
		printf '%s\n' "$DROPIN"
		mkdir -p "units.$name/sp.service.d"
		cp "$settings" "units.$name/sp.service.d/sandprint.conf"
	  else
		grep -v '^\[Service\]$' "$settings"
	  fi
	} >"units.$name/sp.service"
	timeout 60 systemd-nspawn --quiet --register=no --keep-unit \
		--machine="$machine" --directory=/ --volatile=yes \
		--bind-ro="$WORK/units.$name:/etc/systemd/system" \
		--bind="$WORK" --boot -- --unit=sp.service \
		--log-target=console --log-level=warning >"$name.console" 2>&1
	if [ ! -s "$name.result" ]; then
		echo "systemd: systemd-nspawn did not run the service here;" \
			"skipping: $(tail -3 "$name.console" | tr '\n' '|')" >&2
		exit 77
	fi
}

service kill kill.sd "$WORK/probe futex_waitv getuid"
{ grep -qx 'futex_waitv ENOSYS' kill.out && ! grep -q '^getuid' kill.out &&
  [ "$(cat kill.result)" = "signal killed SYS" ]; } &&
	ok systemd_enforces_kill_default_and_refusal_errno ||
	bad systemd_enforces_kill_default_and_refusal_errno \
		"$(cat kill.result kill.out | tr '\n' '|') unit: $(grep -c . kill.sd) lines"
service errno errno.sd "$WORK/probe getuid"
{ grep -qx 'getuid EPERM' errno.out && [ "$(cat errno.result)" = "success exited 0" ]; } &&
	ok systemd_default_group_call_gets_errno_default ||
	bad systemd_default_group_call_gets_errno_default "$(cat errno.result errno.out | tr '\n' '|')"
DROPIN=$'SystemCallFilter=@system-service\nSystemCallErrorNumber=EPERM'
service dropin kill.sd "$WORK/probe futex_waitv getpriority"
{ grep -qx 'futex_waitv ENOSYS' dropin.out && ! grep -q '^getpriority' dropin.out &&
  [ "$(cat dropin.result)" = "signal killed SYS" ]; } &&
	ok systemd_dropin_replaces_unit_filter ||
	bad systemd_dropin_replaces_unit_filter "$(cat dropin.result dropin.out | tr '\n' '|')"
sp_end
