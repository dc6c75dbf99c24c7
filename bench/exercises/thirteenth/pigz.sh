# pigz 2.6: gzip by threads (a thread per block compressed, one for the
# check value, one writing), zlib's deflate; unpigz decompresses.
# Train compresses one file with two threads.
# Test compresses a larger file with four threads at level 9 and at
# level 1 in independent blocks (-i), with --rsyncable, as zlib (-z) and
# zip (-K) streams, to standard output (-c); lists (-l) and tests (-t)
# them; decompresses with unpigz and pigz -d (to a file and standard
# output) and compares; compresses a directory recursively (-r) and
# decompresses it again.
prepare() {
	rm -rf "$D/in" "$D/t"
	mkdir -p "$D/in" "$D/t/sub"
	seq 1 20000 >"$D/in/small"
	seq 1 400000 | sed 's/$/ some more words to compress/' >"$D/in/big"
	seq 1 1000 >"$D/t/a"
	seq 5 3000 >"$D/t/sub/b"
}
TRAIN=(/bin/sh -c '/usr/bin/pigz -p 2 -k "$1/in/small"' sh "$D")
TEST=(/bin/sh -c '
d=$1
p=/usr/bin/pigz
cd "$d/in" || exit 1
$p -p 4 -9 -k big &&
$p -p 4 -1 -i -c big >big.i.gz &&
$p -p 3 --rsyncable -c big >big.r.gz &&
$p -p 2 -z -k big && $p -K -k -p 2 big &&
$p -l big.gz | grep -q big &&
$p -t big.gz big.i.gz big.r.gz big.zz &&
/usr/bin/unpigz -c big.i.gz | cmp - big &&
$p -d -c big.zz | cmp - big &&
$p -d -c big.zip | cmp - big &&
/usr/bin/unpigz -k big.r.gz && cmp big.r big &&
$p -r "$d/t" && [ -f "$d/t/sub/b.gz" ] && $p -d -r "$d/t" &&
[ -f "$d/t/sub/b" ] && echo ok' sh "$D")
