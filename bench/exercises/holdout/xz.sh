# xz: train compresses a file; test decompresses, compresses with two
# threads at the highest level, tests and lists the archive and streams
# through a pipe.
prepare() {
	head -c 1000000 /dev/urandom | od -x >"$D/in.txt"
	rm -f "$D"/*.xz "$D/out.txt"
	cat >"$D/test.sh" <<SH
X=/usr/bin/xz
\$X -q -k -f "$D/in.txt" || exit 1
\$X -q -d -c "$D/in.txt.xz" >"$D/out.txt" || exit 1
\$X -q -T2 -9e -c "$D/in.txt" >"$D/in9.xz" || exit 1
\$X -q -t "$D/in9.xz" || exit 1
\$X -l "$D/in9.xz" >/dev/null || exit 1
\$X -q -c <"$D/in.txt" | \$X -q -d -c | cmp - "$D/in.txt"
SH
}
TRAIN=(/bin/sh -c '/usr/bin/xz -q -k -f "$1/in.txt"' sh "$D")
TEST=(/bin/sh "$D/test.sh")
