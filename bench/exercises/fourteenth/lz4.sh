# LZ4 1.9.4 (lz4): fast compression of frames of independent or linked
# blocks, with content checksums and sizes, the legacy format, sparse
# output (holes seeked over on decompression), several files at once.
# Train compresses one file.
# Test compresses a file at levels 1, 9 and 12 and --fast=3, with 64 kB
# linked blocks (-B4 -BD), content size and no block checksum, in the
# legacy format (-l); several files at once (-m) removing them (--rm);
# from standard input to standard output; tests (-t) and lists
# (--list) them; decompresses them to files (sparse, with --sparse) and
# standard output and compares.
prepare() {
	rm -rf "$D/in"
	mkdir -p "$D/in/m"
	seq 1 20000 >"$D/in/small"
	seq 1 300000 | sed 's/$/ words to compress/' >"$D/in/big"
	{ head -c 3000000 /dev/zero; seq 1 1000; head -c 2000000 /dev/zero; } \
		>"$D/in/holes"
	seq 1 3000 >"$D/in/m/a"; seq 7 9000 >"$D/in/m/b"; cp "$D/in/big" "$D/in/m/c"
}
TRAIN=(/bin/sh -c '/usr/bin/lz4 -q -k "$1/in/small" "$1/in/small.lz4"' sh "$D")
TEST=(/bin/sh -c '
d=$1
z=/usr/bin/lz4
cd "$d/in" || exit 1
$z -q -1 big b1.lz4 && $z -q -9 big b9.lz4 && $z -q -12 big b12.lz4 &&
$z -q --fast=3 big bf.lz4 &&
$z -q -B4 -BD --content-size --no-frame-crc big bl.lz4 &&
$z -q -l big bleg.lz4 &&
$z -q -m --rm m/a m/b m/c && [ ! -f m/a ] && [ -f m/c.lz4 ] &&
$z -q -c <big >bs.lz4 &&
$z -q -t -m b1.lz4 b9.lz4 b12.lz4 bf.lz4 bl.lz4 bleg.lz4 bs.lz4 &&
$z -q --list b9.lz4 bl.lz4 2>&1 | grep -q b9.lz4 &&
$z -q -d b12.lz4 o12 && cmp o12 big &&
$z -q -dc bleg.lz4 | cmp - big && $z -q -d <bl.lz4 | cmp - big &&
$z -q -9 holes holes.lz4 && $z -q -d --sparse holes.lz4 oh && cmp oh holes &&
$z -q -d -m m/a.lz4 m/b.lz4 m/c.lz4 && cmp m/c big && echo ok' sh "$D")
