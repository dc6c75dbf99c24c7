# rsyslog 8.2302: a syslog daemon of input, parser and output modules
# loaded at run time (imuxsock, imfile, omprog, mmjsonparse, lmregexp...
# from /usr/lib/x86_64-linux-gnu/rsyslog), a thread per input and per
# action queue, a program it runs and feeds (omprog), a disk-assisted
# queue, files it watches with inotify (imfile), and files reopened on
# SIGHUP; clients are logger on the host through its unix socket.
# Train logs one message to a file.  Test logs 1000 messages through a
# filter by facility, to files named by their tag (dynaFile), a regular
# expression filter, structured (@cee JSON) messages parsed by
# mmjsonparse, messages piped to a program (omprog: a shell script
# running cat), a disk-assisted action queue, lines appended to a watched file
# (imfile), and a file moved away and reopened on SIGHUP.
prepare() {
	rm -rf "$D/work" "$D/out" "$D/log.sock" "$D/watched.log" "$D/rs.pid"
	mkdir -p "$D/work" "$D/out"
	: >"$D/watched.log"
	printf '#!/bin/sh\nexec cat >>"$1"\n' >"$D/sink.sh"
	chmod +x "$D/sink.sh"
	cat >"$D/rs.conf" <<CONF
global(workDirectory="$D/work")
module(load="imuxsock" SysSock.Use="off")
module(load="imfile" mode="inotify")
module(load="omprog")
module(load="mmjsonparse")
input(type="imuxsock" Socket="$D/log.sock")
input(type="imfile" File="$D/watched.log" Tag="watched")
template(name="line" type="string" string="%syslogtag%%msg%\n")
template(name="bytag" type="string" string="$D/out/tag-%programname%.log")
template(name="json" type="string" string="%\$!k%\n")
if \$syslogfacility-text == 'local0' then {
	action(type="omfile" file="$D/out/local0.log" template="line")
}
if \$programname startswith 'dyn' then {
	action(type="omfile" dynaFile="bytag" template="line")
}
if re_match(\$msg, '^ *num-[0-9]+\$') then {
	action(type="omfile" file="$D/out/num.log" template="line"
	       queue.type="LinkedList" queue.filename="numq"
	       queue.saveOnShutdown="on")
}
if \$programname == 'cee' then {
	action(type="mmjsonparse")
	action(type="omfile" file="$D/out/json.log" template="json")
}
if \$programname == 'prog' then {
	action(type="omprog" binary="$D/sink.sh $D/out/prog.log"
	       template="line")
}
if \$programname == 'watched' then {
	action(type="omfile" file="$D/out/watched.log" template="line")
}
*.* action(type="omfile" file="$D/out/all.log" template="line")
CONF
}
EXE=/usr/sbin/rsyslogd
SERVER=($EXE -n -f "$D/rs.conf" -i "$D/rs.pid")
LOG() { /usr/bin/logger --socket-errors=on -u "$D/log.sock" "$@"; }
ready() { LOG -t ready up; }
# lines FILE N: FILE has N lines.
lines() { [ "$(wc -l <"$1" 2>/dev/null)" = "$2" ]; }
client_train() {
	LOG -t train hello && wait_for grep -q 'train: hello' "$D/out/all.log"
}
client_test() {
	local i
	for i in $(seq 1 1000); do echo "num-$i"; done |
		LOG -t nums -p user.info &&
	LOG -t l0 -p local0.notice local-zero &&
	LOG -t dyn1 one && LOG -t dyn2 two &&
	LOG -t cee '@cee: {"k": "parsed-value"}' &&
	LOG -t prog piped && wait_for lines "$D/out/num.log" 1000 &&
	wait_for grep -q local-zero "$D/out/local0.log" &&
	wait_for grep -q one "$D/out/tag-dyn1.log" &&
	wait_for grep -q two "$D/out/tag-dyn2.log" &&
	wait_for grep -qx parsed-value "$D/out/json.log" &&
	wait_for grep -q piped "$D/out/prog.log" || return 1
	echo appended-line >>"$D/watched.log"
	wait_for grep -q appended-line "$D/out/watched.log" || return 1
	mv "$D/out/all.log" "$D/out/all.old"
	signal_server HUP
	# all.log is opened again by the first message after the HUP.
	wait_for reopened
}
reopened() {
	LOG -t after-hup again && grep -q 'after-hup: again' "$D/out/all.log"
}
