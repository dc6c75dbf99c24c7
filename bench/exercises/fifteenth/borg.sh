# BorgBackup 1.2 (borg): deduplicating backups, Python with C and
# Cython extensions of its own (chunker, hashindex, compressors, crypto
# through OpenSSL), a repository of segment files written and synced
# with a lock and an index, a cache of chunks and files, encryption.
# Train makes an unencrypted repository and one archive.
# Test makes an encrypted repository (repokey, a passphrase from the
# environment), two archives with lz4 and zstd compression and
# exclusions, lists and diffs them, extracts one and compares, mounts
# nothing; checks the repository and its archives, prunes, compacts,
# shows info, exports an archive as a tar and deletes one.
prepare() {
	rm -rf "$D/b"
	mkdir -p "$D/b/src/sub" "$D/b/home" "$D/b/out"
	seq 1 20000 >"$D/b/src/one"
	head -c 500000 /dev/urandom >"$D/b/src/blob"
	seq 5 900 >"$D/b/src/sub/two"
	echo skip >"$D/b/src/sub/x.log"
	ln -s one "$D/b/src/link"
}
TRAIN=(/usr/bin/env HOME="$D/b/home" BORG_BASE_DIR="$D/b/home" /bin/sh -c '
cd "$1/b" && /usr/bin/borg init -e none repo &&
/usr/bin/borg create repo::first src' sh "$D")
TEST=(/usr/bin/env HOME="$D/b/home" BORG_BASE_DIR="$D/b/home" BORG_PASSPHRASE=secret /bin/sh -c '
b="/usr/bin/borg"
cd "$1/b" || exit 1
$b init -e repokey repo &&
$b create -C lz4 --exclude "*.log" repo::one src &&
echo more >>src/one && seq 1 50 >src/three &&
$b create -C zstd,3 --stats repo::two src >/dev/null 2>&1 &&
[ "$($b list --short repo | wc -l)" = 2 ] &&
$b list repo::two | grep -q src/three && ! $b list repo::one | grep -q x.log &&
$b diff repo::one two | grep -q three &&
(cd out && $b extract ../repo::two) && cmp out/src/one src/one &&
cmp out/src/blob src/blob && [ -L out/src/link ] &&
$b check repo && $b info repo::two | grep -q "Number of files" &&
$b export-tar repo::one one.tar && tar tf one.tar | grep -q src/sub/two &&
$b prune --keep-last 1 repo && [ "$($b list --short repo)" = two ] &&
$b compact repo && $b delete repo::two && $b check repo && echo ok' sh "$D")
