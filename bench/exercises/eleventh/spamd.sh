# SpamAssassin 4.0's spamd: a Perl daemon (the interpreter and its XS
# modules: Net::DNS, HTML::Parser, Digest::SHA, DB_File...) that
# compiles its rule set into Perl code at start, preforks children on a
# unix socket (its scoreboard over a pipe, children grown and shrunk
# between --min-children and -m), learns into a Bayes database of
# DB_File, and restarts itself on SIGHUP by executing itself again.  It
# refuses to stay root (it would change to nobody): it runs as nobody
# (RUNAS).  No network test reaches beyond the host (local tests only:
# -L); the clients (spamc) run on the host.
# Train checks one plain message (-c).  Test checks the GTUBE spam (its
# score and report), a message's symbols, 6 clients at once (the
# children grown), learns a message as spam and one as ham (--allow-tell:
# the Bayes database written), a 300 kB message, restarts on SIGHUP and
# checks a message after it.
RUNAS=nobody
prepare() {
	rm -rf "${D:?}/home" "$D/site" "$D/spamd.sock"
	mkdir -p "$D/home"
	cp -r /etc/spamassassin "$D/site"
	cat >>"$D/site/local.cf" <<CF
bayes_path $D/home/bayes
use_bayes 1
bayes_auto_learn 0
CF
	printf 'From: ann@example.org\nTo: bob@example.org\nSubject: %s\n\n%s\n' \
		lunch 'Lunch tomorrow at noon, by the river?' >"$D/ham.txt"
	printf 'From: x@example.net\nTo: bob@example.org\nSubject: %s\n\n%s\n' \
		offer 'XJS*C4JDBQADN1.NSBN3*2IDNEN*GTUBE-STANDARD-ANTI-UBE-TEST-EMAIL*C.34X' \
		>"$D/gtube.txt"
	{ printf 'From: ann@example.org\nSubject: long\n\n'
		seq 60000; } >"$D/big.txt"
}
EXE=/usr/bin/perl
SERVER=(/usr/sbin/spamd --socketpath="$D/spamd.sock" -m 3 --min-children 1
	-x -L -l -H "$D/home" --siteconfigpath="$D/site" -s stderr)
STOP=TERM
c() { /usr/bin/spamc -U "$D/spamd.sock" "$@"; }
ready() { [ -S "$D/spamd.sock" ] && c -K | grep -q "^SPAMD/1.5 0"; }
restarted() { [ "$(grep -c 'server started on' server.log)" -ge 2 ]; }
client_train() { c -c <"$D/ham.txt"; }
client_test() {
	local i pids=()
	c -c <"$D/gtube.txt" | grep -q '^10[0-9][0-9]\.' || return 1
	c -R <"$D/gtube.txt" | grep -q GTUBE || return 1
	c -y <"$D/ham.txt" | grep -q . || return 1
	for i in 1 2 3 4 5 6; do
		c -c <"$D/ham.txt" >"$D/par$i" &
		pids+=($!)
	done
	wait "${pids[@]}"
	for i in 1 2 3 4 5 6; do
		grep -q '/5.0' "$D/par$i" || return 1
	done
	c -L spam <"$D/gtube.txt" | grep -q 'Message successfully' || return 1
	c -L ham <"$D/ham.txt" | grep -q 'Message successfully' || return 1
	set -- "$D"/home/bayes_*
	[ -e "$1" ] || return 1
	c -s 1000000 -c <"$D/big.txt" | grep -q /5.0 || return 1
	signal_server HUP
	# The listening socket survives the execution; the log (server.log,
	# survive.sh's) says when the new server accepts on it.
	wait_for restarted || return 1
	c -c <"$D/gtube.txt" | grep -q '^10[0-9][0-9]\.'
}
