# zstd: train compresses a file; test decompresses, compresses with all
# cores and long-distance matching, tests the archive and streams through
# a pipe.
prepare() {
	head -c 2000000 /dev/urandom | od -x >"$D/in.txt"
	rm -f "$D"/*.zst "$D/out.txt"
	cat >"$D/train.sh" <<SH
/usr/bin/zstd -q -f "$D/in.txt" -o "$D/train.zst"
SH
	cat >"$D/test.sh" <<SH
Z=/usr/bin/zstd
\$Z -q -f "$D/in.txt" -o "$D/in.zst" || exit 1
\$Z -q -d -f "$D/in.zst" -o "$D/out.txt" || exit 1
\$Z -q -T0 -19 --long -f "$D/in.txt" -o "$D/in19.zst" || exit 1
\$Z -q -t "$D/in19.zst" || exit 1
\$Z -q -c <"$D/in.txt" | \$Z -q -d -c >"$D/out2.txt"
SH
}
TRAIN=(/bin/sh "$D/train.sh")
TEST=(/bin/sh "$D/test.sh")
