# sed and grep: train substitutes in a stream and greps for a word; test edits a file in
# place (sed -i: a temporary file, its owner and mode copied), writes to
# a second file, greps with Perl regular expressions, recursively, with
# context and counts.
prepare() {
	rm -rf "$D/tree"
	mkdir -p "$D/tree/a"
	printf 'alpha 1\nbeta 22\ngamma 333\n' >"$D/in.txt"
	cp "$D/in.txt" "$D/tree/a/x.txt"
	chmod 640 "$D/tree/a/x.txt"
	cat >"$D/test.sh" <<SH
cd "$D" || exit 1
/bin/sed -i.bak 's/beta/BETA/' tree/a/x.txt || exit 1
grep -q BETA tree/a/x.txt || exit 1
/bin/sed -n '/gamma/w g.txt' in.txt && grep -q gamma g.txt || exit 1
/bin/grep -P '\\d{3}\$' in.txt | grep -q 333 || exit 1
/bin/grep -rn -C1 alpha tree >/dev/null || exit 1
[ "\$(/bin/grep -c -E 'a|b' in.txt)" = 3 ] || exit 1
/bin/sed -E 's/([a-z]+) ([0-9]+)/\\2 \\1/' in.txt | /bin/grep -q '^1 alpha'
SH
}
TRAIN=(/bin/sh -c '/bin/sed s/alpha/ALPHA/ "$1/in.txt" | /bin/grep ALPHA' sh "$D")
TEST=(/bin/sh "$D/test.sh")
