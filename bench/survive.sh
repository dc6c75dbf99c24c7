#!/bin/bash
# survive.sh - does a profile recorded from one exercise survive another?
#
# For each program (Debian's packages; a Go, a Node and a Python server of
# our own), bench/exercises/PROGRAM.sh has a "train" exercise and a
# different "test" exercise of the same kind (bench/exercises/README).
# The train exercise is recorded with 'sandprint record' (natively), its
# profile written in three modes, and the test exercise run in crun under
# each profile with a kill default (tests/run-in-crun.sh --kill: a call
# outside the profile kills the process):
#
#   recorded   --static none --languages none   what the recording saw
#   langs      --static none --languages auto   + the language runtimes'
#                                               calls, without the static
#                                               analysis
#   static     --static auto --languages none   + the calls reachable in
#                                               the code it loaded
#   runtimes   the defaults                     + both
#
# and once under Docker's default profile (testdata/profiles/
# moby-default.json resolved for amd64, Docker's default capabilities and
# kernel 6.18, as dockerd hands it to the runtime: bench/docker-default-
# amd64.json, errno default).  A server runs alone as the container's
# command and its clients run on the host through a unix socket, as a
# container's clients would come from outside; a command-line program's
# exercise is the container's command.  The test exercise survives when
# its clients (or its command) succeed and the server ends with status 0
# (or the status its file says a clean stop ends with).
#
# It prints, per program and mode, whether the test exercise survived, how
# many calls the profile allows (names with an allowing rule that are
# x86_64 system calls: 301 of the 370 names Docker's lists are) and, when
# it did not survive, the calls the kernel's audit log says were refused
# (other containers' refusals may show up there too).
#
# Usage: bench/survive.sh [--sandprint PATH]
#                         [--set main|holdout|third|fourth|fifth|sixth|
#                                seventh|eighth|ninth|tenth|eleventh|
#                                twelfth|thirteenth|fourteenth|
#                                fifteenth]
#                         [--repeat N] [--train N] [--enosys LIST] [--keep]
#                         [PROGRAM...]
#   --sandprint PATH   the sandprint binary (default: build/cli/sandprint)
#   --set SET          main: the 11 programs the mechanisms were built on
#                      (bench/exercises/, the default); holdout: programs
#                      kept apart to judge them (bench/exercises/holdout/:
#                      lighttpd haproxy rsync perl php lua gawk xz git
#                      ruby curl); third: a second held-out set, of
#                      kinds neither has (bench/exercises/third/:
#                      dnsmasq unbound socat mariadb tmux java openssl
#                      gpg tar gm bc sed); fourth: a third held-out
#                      set, of mechanisms none of the others has
#                      (bench/exercises/fourth/: postgres apache
#                      erlang mosquitto named imagemagick); fifth: a
#                      fourth held-out set, of servers and daemons
#                      (bench/exercises/fifth/: php-fpm gunicorn caddy
#                      varnish squid exim); sixth: language runtimes and
#                      command-line tools none of the others has
#                      (bench/exercises/sixth/: pandoc guile mono r
#                      ffmpeg gcc fd poppler); seventh: JIT compilers,
#                      event loops, daemons of loaded modules (bench/
#                      exercises/seventh/: luajit pypy tcl swipl slapd
#                      rsyslog sox ocaml); eighth: runtimes of their
#                      own machine code and servers none of the others
#                      has (bench/exercises/eighth/: sbcl racket gforth
#                      nats knot clamav emacs dovecot); ninth: compiled
#                      languages with run-time libraries of their own,
#                      tools of ours built by them (bench/exercises/
#                      ninth/: fpc d ada fortran nim vala gorace
#                      crystal); tenth: daemons and tools none of the
#                      others has (bench/exercises/tenth/: postfix tor
#                      samba tesseract octave libreoffice); eleventh:
#                      runtimes and mechanisms none of the others has
#                      (bench/exercises/eleventh/: gst valgrind fio
#                      qemu-img restic spamd chronyd); twelfth: daemons
#                      and tools of kinds none of the others has
#                      (bench/exercises/twelfth/: file dot gs mpd
#                      ngircd nsd tinyproxy); thirteenth: a work
#                      queue with a binary log, threaded, memory-mapped
#                      and optimizing tools (bench/exercises/
#                      thirteenth/: beanstalkd pigz flac lmdb
#                      optipng); fourteenth: an HTTP/2 server, a
#                      server forking per connection, a TLS tunnel,
#                      a Python program, downloaders of segments and
#                      of threads, a block compressor (bench/
#                      exercises/fourteenth/: nghttpd svnserve
#                      stunnel hg aria2c wget2 lz4); fifteenth: a
#                      plotter running commands, an SMT solver on
#                      threads, an accounting tool, a compiler driver
#                      of child processes and a simulator of modules,
#                      a file synchronizer in OCaml, a build generator
#                      and its parallel build tool, a deduplicating
#                      backup tool (bench/exercises/fifteenth/: gnuplot
#                      z3 ledger iverilog unison cmake borg)
#   --repeat N         record the train exercise N times, and profile the
#                      N traces together
#   --train N          also run the train exercise N times in crun under
#                      the default mode's profile (runtimes), with the
#                      kill default: a program killed on the exercise it
#                      was recorded on makes calls that depend on timing
#                      (row "train": how many of the N survived)
#   --enosys LIST      the containers' host lacks the calls of LIST (names,
#                      comma-separated): every crun run (the runtime, its
#                      container, the profile's filter) under a filter that
#                      answers them with ENOSYS, as an older kernel does
#                      (bench/enosys.c, built here); the recording is made
#                      on this kernel, as in CI before production elsewhere
#   --keep             keep the work directory (with each program's
#                      traces, profiles and paths.txt: 'sandprint show
#                      --static paths', how the code reaches each call
#                      the static analysis adds)
#   PROGRAM            some of the set's programs (default: all): main's
#                      sqlite3 redis nginx memcached ripgrep zstd jq
#                      busybox go python node
#
# Needs root (crun).  Installs the programs' Debian packages when missing
# (not part of the test suite).  Results: bench/RESULTS.md.
set -u
ROOT="$(cd "$(dirname -- "$0")/.." && pwd -P)"
SP="$ROOT/build/cli/sandprint"
REPEAT=1 TRAINS=0 KEEP=0 SET=main ENOSYS=""
while [ $# -gt 0 ]; do
	case $1 in
	--sandprint) SP="$(realpath -e -- "$2")" || exit 2; shift 2 ;;
	--repeat) REPEAT="$2"; shift 2 ;;
	--train) TRAINS="$2"; shift 2 ;;
	--set) SET="$2"; shift 2 ;;
	--enosys) ENOSYS="$2"; shift 2 ;;
	--keep) KEEP=1; shift ;;
	-h|--help) awk 'NR > 1 && /^#/ { sub(/^# ?/, ""); print; next }
			NR > 1 { exit }' "$0"; exit 0 ;;
	-*) echo "survive: unknown option $1" >&2; exit 2 ;;
	*) break ;;
	esac
done
case $SET in
main) EXDIR="$ROOT/bench/exercises"
	ALL="sqlite3 redis nginx memcached ripgrep zstd jq busybox go python node"
	;;
holdout) EXDIR="$ROOT/bench/exercises/holdout"
	ALL="lighttpd haproxy rsync perl php lua gawk xz git ruby curl" ;;
third) EXDIR="$ROOT/bench/exercises/third"
	ALL="dnsmasq unbound socat mariadb tmux java openssl gpg tar gm bc sed" ;;
fourth) EXDIR="$ROOT/bench/exercises/fourth"
	ALL="postgres apache erlang mosquitto named imagemagick" ;;
fifth) EXDIR="$ROOT/bench/exercises/fifth"
	ALL="php-fpm gunicorn caddy varnish squid exim" ;;
sixth) EXDIR="$ROOT/bench/exercises/sixth"
	ALL="pandoc guile mono r ffmpeg gcc fd poppler" ;;
seventh) EXDIR="$ROOT/bench/exercises/seventh"
	ALL="luajit pypy tcl swipl slapd rsyslog sox ocaml" ;;
eighth) EXDIR="$ROOT/bench/exercises/eighth"
	ALL="sbcl racket gforth nats knot clamav emacs dovecot" ;;
ninth) EXDIR="$ROOT/bench/exercises/ninth"
	ALL="fpc d ada fortran nim vala gorace crystal" ;;
tenth) EXDIR="$ROOT/bench/exercises/tenth"
	ALL="postfix tor samba tesseract octave libreoffice" ;;
eleventh) EXDIR="$ROOT/bench/exercises/eleventh"
	ALL="gst valgrind fio qemu-img restic spamd chronyd" ;;
twelfth) EXDIR="$ROOT/bench/exercises/twelfth"
	ALL="file dot gs mpd ngircd nsd tinyproxy" ;;
thirteenth) EXDIR="$ROOT/bench/exercises/thirteenth"
	ALL="beanstalkd pigz flac lmdb optipng" ;;
fourteenth) EXDIR="$ROOT/bench/exercises/fourteenth"
	ALL="nghttpd svnserve stunnel hg aria2c wget2 lz4" ;;
fifteenth) EXDIR="$ROOT/bench/exercises/fifteenth"
	ALL="gnuplot z3 ledger iverilog unison cmake borg" ;;
*) echo "survive: --set is main, holdout, third, fourth, fifth, sixth," \
	"seventh, eighth, ninth, tenth, eleventh, twelfth, thirteenth," \
	"fourteenth or fifteenth" >&2
	exit 2 ;;
esac
PROGS="${*:-$ALL}"
[ "$(id -u)" = 0 ] || { echo "survive: needs root (crun)" >&2; exit 2; }
[ -x "$SP" ] || { echo "survive: no sandprint at $SP" >&2; exit 2; }
CRUN="$ROOT/tests/run-in-crun.sh"
DOCKER="$ROOT/bench/docker-default-amd64.json"

pkgs=()
need() { # COMMAND PACKAGE
	command -v "$1" >/dev/null 2>&1 || pkgs+=("$2")
}
need sqlite3 sqlite3
need redis-server redis-server
need redis-cli redis-tools
need /usr/sbin/nginx nginx-light
need memcached memcached
need rg ripgrep
need zstd zstd
need jq jq
need gzip gzip
need curl curl
need /bin/busybox busybox-static
need go golang-go
need /usr/bin/python3.11 python3
need node nodejs
if [ "$SET" = holdout ]; then
	need lighttpd lighttpd
	need haproxy haproxy
	need rsync rsync
	need php php8.2-cli
	need lua5.4 lua5.4
	need gawk gawk
	need xz xz-utils
	need git git
	need ruby ruby
fi
if [ "$SET" = third ]; then
	need /usr/sbin/dnsmasq dnsmasq-base
	need /usr/sbin/unbound unbound
	need gpg gpg
	need gpg-agent gpg-agent
	need nsenter util-linux
	need socat socat
	need /usr/sbin/mariadbd mariadb-server
	need mariadb mariadb-client
	need tmux tmux
	need javac openjdk-17-jdk-headless
	need openssl openssl
	need bzip2 bzip2
	need gm graphicsmagick
	need bc bc
fi
if [ "$SET" = fourth ]; then
	need /usr/lib/postgresql/15/bin/postgres postgresql-15
	need psql postgresql-client-15
	need nsenter util-linux
	need /usr/sbin/apache2 apache2
	need curl curl
	need erl erlang-base
	need mosquitto mosquitto
	need mosquitto_pub mosquitto-clients
	need /usr/sbin/named bind9
	need dig bind9-dnsutils
	need convert-im6.q16 imagemagick
fi
if [ "$SET" = fifth ]; then
	need /usr/sbin/php-fpm8.2 php8.2-fpm
	need cgi-fcgi libfcgi-bin
	need gunicorn gunicorn
	need curl curl
	need caddy caddy
	need varnishd varnish
	need nsenter util-linux
	need /usr/sbin/squid squid
	need openssl openssl
	need /usr/sbin/exim4 exim4-daemon-light
	need swaks swaks
fi
if [ "$SET" = sixth ]; then
	need pandoc pandoc
	need guile guile-3.0
	need mono mono-runtime
	need mcs mono-mcs
	need Rscript r-base-core
	need ffmpeg ffmpeg
	need g++ g++
	need fdfind fd-find
	need pdfinfo poppler-utils
fi
if [ "$SET" = seventh ]; then
	need luajit luajit
	need pypy3 pypy3
	need tclsh8.6 tcl8.6
	need swipl swi-prolog-nox
	need /usr/sbin/slapd slapd
	need ldapsearch ldap-utils
	need /usr/sbin/rsyslogd rsyslog
	need logger bsdutils
	need sox sox
	need ocamlopt ocaml-nox
fi
if [ "$SET" = eighth ]; then
	need sbcl sbcl
	need racket racket
	need gforth gforth
	need /usr/sbin/nats-server nats-server
	need nsenter util-linux
	need curl curl
	need /usr/sbin/knotd knot
	need kdig knot-dnsutils
	need clamscan clamav
	need emacs emacs-nox
	need /usr/sbin/dovecot dovecot-core
	need /usr/lib/dovecot/imap dovecot-imapd
fi
if [ "$SET" = ninth ]; then
	need fpc fp-compiler
	need ldc2 ldc
	need gnatmake gnat
	need gfortran gfortran
	need nim nim
	need valac valac
	need crystal crystal
	need pkg-config pkg-config
	[ -e /usr/include/glib-2.0/gio/gio.h ] || pkgs+=(libglib2.0-dev)
fi
if [ "$SET" = tenth ]; then
	need /usr/lib/postfix/sbin/master postfix
	need swaks swaks
	need nsenter util-linux
	need /usr/sbin/tor tor
	need /usr/sbin/smbd samba
	need smbclient smbclient
	need tesseract tesseract-ocr
	[ -e /usr/share/tesseract-ocr/5/tessdata/eng.traineddata ] ||
		pkgs+=(tesseract-ocr-eng)
	need convert-im6.q16 imagemagick
	need octave-cli octave
	need soffice libreoffice-writer-nogui
fi
if [ "$SET" = eleventh ]; then
	need gst-launch-1.0 gstreamer1.0-tools
	[ -e /usr/lib/x86_64-linux-gnu/gstreamer-1.0/libgstvideotestsrc.so ] ||
		pkgs+=(gstreamer1.0-plugins-base)
	[ -e /usr/lib/x86_64-linux-gnu/gstreamer-1.0/libgstvpx.so ] ||
		pkgs+=(gstreamer1.0-plugins-good)
	need valgrind valgrind
	need fio fio
	need qemu-img qemu-utils
	[ -e /usr/lib/x86_64-linux-gnu/qemu/block-curl.so ] ||
		pkgs+=(qemu-block-extra)
	need restic restic
	need /usr/sbin/spamd spamd
	need spamc spamc
	need /usr/sbin/chronyd chrony
	need openssl openssl
	need nsenter util-linux
fi
if [ "$SET" = twelfth ]; then
	need file file
	need dot graphviz
	need gs ghostscript
	need /usr/bin/mpd mpd
	need mpc mpc
	need /usr/sbin/ngircd ngircd
	need /usr/sbin/nsd nsd
	need /usr/bin/tinyproxy tinyproxy
	need nsenter util-linux
	need curl curl
fi
if [ "$SET" = thirteenth ]; then
	need nsenter util-linux
	need beanstalkd beanstalkd
	need pigz pigz
	need flac flac
	need mdb_load lmdb-utils
	need optipng optipng
fi
if [ "$SET" = fourteenth ]; then
	need nsenter util-linux
	need openssl openssl
	need /usr/sbin/nghttpd nghttp2-server
	need nghttp nghttp2-client
	need svnserve subversion
	need hg mercurial
	need aria2c aria2
	need stunnel4 stunnel4
	need curl curl
	need wget2 wget2
	need lz4 lz4
fi
if [ "$SET" = fifteenth ]; then
	need gnuplot gnuplot-nox
	need z3 z3
	need ledger ledger
	need iverilog iverilog
	need unison unison
	need cmake cmake
	need ninja ninja-build
	need cc gcc
	need borg borgbackup
fi
need crun crun
need scmp_sys_resolver seccomp
if [ ${#pkgs[@]} -gt 0 ]; then
	echo "survive: installing ${pkgs[*]}" >&2
	DEBIAN_FRONTEND=noninteractive apt-get -o DPkg::Lock::Timeout=600 \
		install -y -qq --no-install-recommends "${pkgs[@]}" >&2 || exit 2
fi

W="$(mktemp -d /tmp/sp-survive.XXXXXX)"
# A program that runs as another user (RUNAS) reaches its directory.
chmod 0755 "$W"
if [ "$KEEP" = 1 ]; then
	echo "survive: work directory $W" >&2
else
	trap 'rm -rf -- "$W"' EXIT
fi
export SANDPRINT_CACHE_DIR="$W/cache"
. "$ROOT/bench/lib.sh"
if [ -n "$ENOSYS" ]; then
	cmake --build "$ROOT/build" --target enosys >&2 || exit 2
	printf '#!/bin/bash\nexec %q %q %q "$@"\n' "$ROOT/build/bench/enosys" \
		"$ENOSYS" "$CRUN" >"$W/crun-enosys.sh" || exit 2
	chmod +x "$W/crun-enosys.sh"
	CRUN="$W/crun-enosys.sh"
fi



# signal_server SIG: the server's process (its executable, with the data
# directory in its arguments): not sandprint, crun or this script.
signal_server() {
	local p exe
	exe="$(readlink -f -- "$EXE")"
	for p in $(pgrep -f -- "$D"); do
		[ "$(readlink "/proc/$p/exe" 2>/dev/null)" = "$exe" ] &&
			kill -"$1" "$p" 2>/dev/null
	done
}

# serve CLIENT LAUNCH...: runs the server under LAUNCH, the client once it
# is ready, then stops it.  0 when the client succeeded and the server
# ended with 0 (or $STOPPED); else the client's failure (1) or the
# server's status.
serve() {
	local client=$1 spid st cst=0 i
	shift
	"$@" "${SERVER[@]}" >server.log 2>&1 &
	spid=$!
	if wait_for ready; then
		$client >client.log 2>&1 || cst=1
	else
		cst=1
	fi
	if declare -F stop >/dev/null; then
		stop
	else
		signal_server "${STOP:-TERM}"
	fi
	for i in $(seq 100); do
		kill -0 $spid 2>/dev/null || break
		sleep 0.1
	done
	kill -0 $spid 2>/dev/null && signal_server KILL
	wait $spid
	st=$?
	[ $st = "${STOPPED:-0}" ] && st=0
	[ $cst = 0 ] || { [ $st = 0 ] && return 1; return $st; }
	return $st
}

# exercise WHICH LAUNCH...: the train or test exercise under LAUNCH.
# A program whose file sets RUNAS (a server that refuses to run as root)
# runs as that user and its group, natively through setpriv (sandprint
# record too) and in the container as the process's user; its directory
# is its own.  One whose file sets CAPS (a daemon that drops to its own
# users or chroots) gets those capabilities in the container, as
# Docker's default set would give them (natively it runs as root).
exercise() {
	local which=$1 c
	shift
	prepare >/dev/null 2>&1 || return 1
	if [ -n "${CAPS+set}" ] && [ "${1:-}" = timeout ]; then
		for c in "${CAPS[@]}"; do
			set -- "${@:1:3}" --cap-add "$c" "${@:4}"
		done
	fi
	if [ -n "${RUNAS:-}" ]; then
		chown -R "$RUNAS:$(id -gn "$RUNAS")" "$d" || return 1
		if [ "${1:-}" = timeout ]; then
			set -- "${@:1:3}" --user "$(id -u "$RUNAS"):$(id -g "$RUNAS")" "${@:4}"
		else
			set -- setpriv --reuid="$RUNAS" --regid="$(id -g "$RUNAS")" \
				--clear-groups -- "$@"
		fi
	fi
	if [ -n "${SERVER+set}" ]; then
		serve "client_$which" "$@"
	elif [ "$which" = train ]; then
		"$@" "${TRAIN[@]}" >command.log 2>&1
	else
		"$@" "${TEST[@]}" >command.log 2>&1
	fi
}

# One program, in a subshell of its own (the exercise's variables).
bench() (
	prog=$1
	d="$W/$prog"
	mkdir -p "$d/data"
	# A set shares another's file by a link to it (twelfth/dns.inc).
	find "$EXDIR" -maxdepth 1 \( -type f -o -type l \) -exec cp -L -t "$d/" {} +
	# The held-out sets' backends are the main set's pyserve.py,
	# started by the held-out set's backend.inc.
	[ "$SET" = main ] || cp -t "$d/" "$ROOT"/bench/exercises/pyserve.py \
		"$ROOT"/bench/exercises/holdout/backend.inc
	cd "$d" || exit 2
	if [ "$prog" = go ]; then
		GO111MODULE=off GOCACHE="$W/gocache" go build -o goserve \
			goserve.go || { echo "survive: cannot build goserve" >&2;
					exit 1; }
	fi
	D="$d/data"
	. "./$prog.sh"
	# Both exercises must pass without any filter, or the row means
	# nothing.
	if ! exercise train || ! exercise test; then
		printf '%-10s %-9s %8s\n' "$prog" native FAILS
		exit 1
	fi
	traces=()
	for run in $(seq "$REPEAT"); do
		exercise train "$SP" record -q -o "train$run.json" -- ||
			{ printf '%-10s %-9s %8s\n' "$prog" record FAILS; exit 1; }
		traces+=("train$run.json")
	done
	"$SP" show --static paths "${traces[@]}" >paths.txt 2>/dev/null
	for mode in recorded langs static runtimes; do
		case $mode in
		recorded) opts=(--static none --languages none) ;;
		langs) opts=(--static none --languages auto) ;;
		static) opts=(--static auto --languages none) ;;
		runtimes) opts=() ;;
		esac
		"$SP" profile "${opts[@]}" -o "$mode.json" "${traces[@]}" \
			2>profile.log ||
			{ printf '%-10s %-9s %8s\n' "$prog" profile FAILS; exit 1; }
		n=$(allowed "$mode.json")
		exercise test timeout 300 "$CRUN" --kill --report "$mode.denied" \
			"$mode.json" --
		st=$?
		refused=""
		if [ $st = 0 ]; then
			ok=yes
		else
			ok="no($st)"
			refused=$(awk '{ print $1 }' "$mode.denied" 2>/dev/null |
				sort -u | tr '\n' ' ')
		fi
		printf '%-10s %-9s %8s %8s  %s\n' "$prog" "$mode" "$ok" "$n" \
			"$refused"
		echo "$mode $st $n" >>"$W/results"
	done
	exercise test timeout 300 "$CRUN" "$DOCKER" --
	st=$?
	if [ $st = 0 ]; then ok=yes; else ok="no($st)"; fi
	printf '%-10s %-9s %8s %8s\n' "$prog" docker "$ok" "$DOCKER_N"
	echo "docker $st $DOCKER_N" >>"$W/results"
	[ "$TRAINS" -gt 0 ] || exit 0
	ok=0 refused=""
	for run in $(seq "$TRAINS"); do
		if exercise train timeout 300 "$CRUN" --kill \
			--report "train$run.denied" runtimes.json --; then
			ok=$((ok + 1))
		else
			refused="$refused $(awk '{ print $1 }' "train$run.denied" \
				2>/dev/null | sort -u | tr '\n' ' ')"
		fi
	done
	printf '%-10s %-9s %8s %8s  %s\n' "$prog" train "$ok/$TRAINS" \
		"$(allowed runtimes.json)" "$refused"
)

DOCKER_N=$(allowed "$DOCKER")
printf '%-10s %-9s %8s %8s  %s\n' program mode survives allowed refused
for prog in $PROGS; do
	bench "$prog"
done
echo
awk -v d="$DOCKER_N" '
	{ n[$1]++; if ($2 == 0) s[$1]++; sum[$1] += $3 }
	END {
		split("recorded langs static runtimes docker", order)
		for (i = 1; i <= 5; i++) {
			m = order[i]
			if (!n[m])
				continue
			printf "%-9s survives %d of %d", m, s[m], n[m]
			if (m != "docker")
				printf ", %.1f allowed on average, %.0f%% of Docker'"'"'s %d", sum[m] / n[m], 100 * sum[m] / n[m] / d, d
			printf "\n"
		}
	}' "$W/results" 2>/dev/null
