# zstd: train compresses a file; test decompresses, compresses with all
# cores and long distance matching, tests an archive and streams through
# a pipe.
. ./common.sh
Z=/usr/bin/zstd
head -c 2000000 /dev/urandom | od -x >"$D/in.txt"
case $1 in
train)
	$Z -q -f "$D/in.txt" -o "$D/in.zst" || exit 1
	;;
test)
	$Z -q -f "$D/in.txt" -o "$D/in.zst" || exit 1
	$Z -q -d -f "$D/in.zst" -o "$D/out.txt" || exit 1
	cmp "$D/in.txt" "$D/out.txt" || exit 1
	$Z -q -T0 -19 --long -f "$D/in.txt" -o "$D/in19.zst" || exit 1
	$Z -q -t "$D/in19.zst" || exit 1
	cat "$D/in.txt" | $Z -q -c | $Z -q -d -c | cmp - "$D/in.txt" || exit 1
	;;
esac
