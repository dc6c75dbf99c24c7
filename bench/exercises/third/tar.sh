# tar with gzip and bzip2: train packs a tree into a .tar.gz; test
# unpacks it, packs with bzip2 and with an external gzip through a pipe,
# lists, tests, compares and appends to an archive.
prepare() {
	rm -rf "$D/tree" "$D/x" "$D"/*.tar* "$D"/*.gz "$D"/*.bz2
	mkdir -p "$D/tree/a/b" "$D/x"
	head -c 300000 /dev/urandom | od -x >"$D/tree/a/big.txt"
	echo small >"$D/tree/a/b/s.txt"
	ln -s big.txt "$D/tree/a/link"
	chmod 600 "$D/tree/a/b/s.txt"
	cat >"$D/test.sh" <<SH
cd "$D" || exit 1
/bin/tar czf t.tar.gz tree || exit 1
/bin/tar xzf t.tar.gz -C x || exit 1
/bin/tar cjf t.tar.bz2 tree || exit 1
/bin/bzip2 -t t.tar.bz2 || exit 1
/bin/tar tvjf t.tar.bz2 >/dev/null || exit 1
/bin/tar cf - tree | /bin/gzip -9 >p.tar.gz || exit 1
/bin/gzip -l p.tar.gz >/dev/null || exit 1
/bin/gzip -dc p.tar.gz | /bin/tar df - || exit 1
/bin/tar cf u.tar tree/a/big.txt && /bin/tar rf u.tar tree/a/b/s.txt || exit 1
/bin/tar tf u.tar | grep -q s.txt || exit 1
/bin/bzip2 -k -9 tree/a/big.txt && /bin/bunzip2 -c tree/a/big.txt.bz2 | cmp - tree/a/big.txt
SH
}
TRAIN=(/bin/sh -c 'cd "$1" && /bin/tar czf t.tar.gz tree' sh "$D")
TEST=(/bin/sh "$D/test.sh")
