# restic 0.14 (Go 1.19, its runtime's own system calls, goroutines on
# threads, no cgo): a backup repository on the local file system,
# encrypted (AES-256, keys from the password by scrypt), its packs,
# indexes and locks as files, its cache directory, files read by
# concurrent workers.  Repositories in the data directory.
# Train makes a repository and backs a directory up.  Test backs it up
# twice (the second after a change, tagged, with a second directory), lists the snapshots as
# JSON, compares the two (diff), restores the latest and compares its
# files, lists, finds, dumps a file, shows raw statistics, forgets all
# but one snapshot and prunes, checks every pack's data, and copies the
# snapshots into a second repository made with the same chunker
# parameters.
prepare() {
	rm -rf "$D/out"
	mkdir -p "$D/out/src"
	seq 100000 >"$D/out/src/a"
	cp /usr/bin/ls "$D/out/src/"
	mkdir -p "$D/out/new/d"
	cp /usr/bin/cat "$D/out/new/d/"
	echo secret >"$D/out/pw"
}
TRAIN=(/bin/sh -c '
cd "$1/out" || exit 1
r="/usr/bin/restic -q --password-file pw --cache-dir cache"
$r -r repo init && $r -r repo backup src' sh "$D")
TEST=(/bin/sh -c '
cd "$1/out" || exit 1
R="/usr/bin/restic --password-file pw --cache-dir cache"
r="$R -q"
$r -r repo init && $r -r repo backup src &&
echo more >>src/a &&
$r -r repo backup --tag two src new &&
set -- $($r -r repo snapshots --json | grep -o "\"short_id\":\"[0-9a-f]*" |
	cut -d\" -f4) && [ $# = 2 ] &&
$R -r repo diff "$1" "$2" | grep "new/d/cat" >/dev/null &&
$r -r repo restore latest --target out &&
cmp out/new/d/cat /usr/bin/cat && cmp out/src/a src/a &&
$r -r repo ls latest | grep new/d >/dev/null &&
$r -r repo find cat | grep new/d/cat >/dev/null &&
$r -r repo dump latest src/a | cmp - src/a &&
$r -r repo stats --mode raw-data | grep "Total" >/dev/null &&
$r -r repo forget --keep-last 1 --prune &&
$r -r repo check --read-data &&
$r -r repo2 init --copy-chunker-params --from-repo repo \
	--from-password-file pw &&
$r -r repo2 copy --from-repo repo --from-password-file pw &&
$r -r repo2 snapshots | grep two >/dev/null &&
echo ok' sh "$D")
