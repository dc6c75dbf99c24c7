# LMDB 0.9.24 (lmdb-utils: mdb_load, mdb_dump, mdb_stat, mdb_copy): a
# key-value store of one memory-mapped file with a lock file of its own
# (robust process-shared mutexes, a reader table), copied by a writer
# thread (mdb_copy).
# Train loads a few keys from a dump in text and dumps them.
# Test loads a named database (-s) and the main one, the named one
# again without overwriting (-N), and a file without a directory (-n);
# dumps them in text (-p), all databases (-a) and their list (-l); asks
# for the environment's, free list's and readers' statistics (mdb_stat -e
# -f -r, -a); copies the environment compacted (-c) and plain, and the
# file to standard output; compares the dumps of the original and the
# compacted copy.
prepare() {
	rm -rf "$D/db" "$D/db2" "$D/cp" "$D/cpc" "$D"/*.txt "$D/one.mdb"*
	mkdir -p "$D/db" "$D/db2" "$D/cp" "$D/cpc"
	printf 'VERSION=3\nformat=print\ntype=btree\nHEADER=END\n' >"$D/head.txt"
	{ cat "$D/head.txt"; printf ' alpha\n one\n beta\n two\nDATA=END\n'; } >"$D/small.txt"
	{ cat "$D/head.txt"; seq -w 1 20000 | sed 's/.*/ k&\n value of &/'
	  echo DATA=END; } >"$D/big.txt"
}
TRAIN=(/bin/sh -c '/usr/bin/mdb_load -f "$1/small.txt" "$1/db" &&
/usr/bin/mdb_dump -p "$1/db" | grep -q alpha' sh "$D")
TEST=(/bin/sh -c '
d=$1
b=/usr/bin
cd "$d" || exit 1
$b/mdb_load -f big.txt -s named db2 &&
$b/mdb_load -N -f big.txt -s named db2 &&
$b/mdb_load -f small.txt db2 &&
$b/mdb_load -n -f big.txt one.mdb &&
$b/mdb_dump -p -s named db2 | grep -q "value of 19999" &&
$b/mdb_dump -l db2 | grep -q named &&
$b/mdb_dump -a db2 >all.txt && [ -s all.txt ] &&
$b/mdb_dump -n one.mdb >one.txt &&
$b/mdb_stat -e -f -r db2 | grep -q "Max readers" &&
$b/mdb_stat -n -a one.mdb | grep -q Entries &&
$b/mdb_copy -c db2 cpc && $b/mdb_copy db2 cp &&
$b/mdb_copy -n one.mdb >one.copy && [ -s one.copy ] &&
$b/mdb_dump -a cpc >all2.txt && cmp all.txt all2.txt &&
[ "$($b/mdb_dump -p -s named cp | grep -c "value of")" = 20000 ] &&
echo ok' sh "$D")
