#!/bin/bash
# drift.sh - a profile recorded on one host runs on another whose
# environment differs (its configuration, not the workload's input):
# recorded here, run in crun with a KILL default (tests/run-in-crun.sh
# --kill) under other settings: configuration files bound in a private
# mount namespace of the test's own (the host's files are never changed;
# crun's root binds the host's /etc with its submounts), environment
# variables the workload reads.
#
# dns_over_tcp: getent resolves a name its hosts file lacks (hosts and
# nsswitch.conf bound to "files dns", here and in the container).
# Recorded in a network namespace of its own (the query goes over UDP
# and gets no answer), run with RES_OPTIONS=use-vc, as resolv.conf's
# "options use-vc" or a reply too large for UDP makes it: glibc's
# resolver (send_vc) asks over TCP, socket(family, SOCK_STREAM|
# SOCK_CLOEXEC) with the server's family, which the site computes.
# getent must end as in crun without a profile (status 2: not found),
# not be killed (159).  Control: the same recording profiled with
# --static none is killed there, so the case reaches the TCP path.
#
# Usage: drift.sh SANDPRINT
# Output: "ok NAME" / "FAIL NAME: why" per case, then "N passed, M failed";
# exit 77 (skipped) when not root.
set -u
. "$(dirname -- "$0")/lib.sh"
SP=$(realpath -e -- "$1") || exit 2
RUN="$HERE/run-in-crun.sh"
sp_begin drift root
command -v unshare >/dev/null || { echo "drift: needs unshare; skipping" >&2; exit 77; }

# in_etc "FILE=TEXT..." CMD...: CMD in a private mount namespace where each
# /etc/FILE reads TEXT (a file of WORK bound over it).
in_etc() {
	local spec=$1 f binds=()
	shift
	while IFS= read -r f; do
		[ -n "$f" ] || continue
		printf '%b\n' "${f#*=}" >"$WORK/etc.${f%%=*}"
		binds+=("$WORK/etc.${f%%=*}:/etc/${f%%=*}")
	done <<<"$spec"
	# shellcheck disable=SC2016  # the inner shell expands them
	unshare -m --propagation private /bin/sh -c '
		for b; do
			[ "$b" = -- ] && break
			mount --bind "${b%%:*}" "${b#*:}" || exit 125
		done
		while [ "$1" != -- ]; do shift; done; shift
		exec "$@"' sh "${binds[@]}" -- "$@"
}

NSS='nsswitch.conf=hosts: files dns\npasswd: files\ngroup: files'
HOSTS='hosts=127.0.0.1 localhost'
NAME=drift.invalid
for f in /etc/nsswitch.conf /etc/hosts; do
	[ -f "$f" ] && [ ! -L "$f" ] || {
		echo "drift: $f is not a plain file to bind over; skipping" >&2
		exit 77
	}
done

in_etc "$NSS
$HOSTS" unshare -n "$SP" record -q -o dns.json -- getent hosts "$NAME" \
	>out 2>err
rc=$?
if [ $rc = 2 ]; then
	"$SP" profile -q -o dns.p.json dns.json &&
		"$SP" profile -q --static none -o dns.none.json dns.json ||
		bad dns_profiles "$(tail -1 err)"
	export RES_OPTIONS=use-vc
	in_etc "$NSS
$HOSTS" "$RUN" none -- getent hosts "$NAME" >out 2>err
	native=$?
	in_etc "$NSS
$HOSTS" "$RUN" --kill --report rep dns.p.json -- getent hosts "$NAME" >out 2>err
	rc=$?
	[ $native = 2 ] && [ $rc = 2 ] && ok dns_over_tcp_where_recorded_over_udp ||
		bad dns_over_tcp_where_recorded_over_udp "status $rc (without a profile $native); denied: $(tr '\n' ' ' <rep)"
	in_etc "$NSS
$HOSTS" "$RUN" --kill --report rep dns.none.json -- getent hosts "$NAME" >out 2>err
	rc=$?
	[ $rc = 159 ] && grep -q '^socket ' rep && ok dns_over_tcp_control_killed_without_static ||
		bad dns_over_tcp_control_killed_without_static "status $rc; denied: $(tr '\n' ' ' <rep)"
	unset RES_OPTIONS
else
	bad dns_recorded "status $rc: $(tail -1 err)"
fi
sp_end
