# curl (a client in the container; its server, pyserve.py, on the host):
# train fetches one file; test fetches several in parallel, asks for
# headers, misses, writes into new directories, limits its rate, reads a
# local file and logs a trace.
. ./backend.inc
prepare() {
	backend || return 1
	rm -rf "$D/out"
	cat >"$D/test.sh" <<SH
C="/usr/bin/curl -s --unix-socket $D/b.sock"
\$C -f -Z http://x/index.txt http://x/big http://x/sub/ -o /dev/null \
	-o "$D/big.out" -o /dev/null || exit 1
[ "\$(wc -c <"$D/big.out")" = 200000 ] || exit 1
\$C -fI http://x/index.txt | grep -q 200 || exit 1
[ "\$(\$C -o /dev/null -w '%{http_code}' http://x/nope)" = 404 ] || exit 1
\$C -f --create-dirs -o "$D/out/a/b.txt" http://x/index.txt || exit 1
\$C -f --limit-rate 1M http://x/big -o /dev/null || exit 1
/usr/bin/curl -sf "file://$D/out/a/b.txt" | grep -q hello || exit 1
\$C -f --trace-ascii "$D/trace.log" http://x/index.txt -o /dev/null
SH
}
TRAIN=(/bin/sh -c '/usr/bin/curl -sf --unix-socket "$1/b.sock" -o "$1/one.txt" \
	http://x/index.txt' sh "$D")
TEST=(/bin/sh "$D/test.sh")
