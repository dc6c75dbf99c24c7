# Unison 2.52 (unison): a file synchronizer in OCaml (its own runtime
# and garbage collector) reconciling two replicas: archives of each
# replica's state, fingerprints (MD5), copies made in temporary files
# renamed into place, modes and times propagated, conflicts settled by
# a preference. Local replicas: the second one reached in-process.
# Train synchronizes a new directory into an empty one.
# Test synchronizes two trees, then changes, adds and deletes files on
# both sides, renames a directory, makes a conflict settled by -prefer,
# keeps times (-times) and ignores names (-ignore), syncs a path alone
# (-path), checks with -testserver, and compares the trees at the end.
prepare() {
	rm -rf "$D/u"
	mkdir -p "$D/u/a/sub/deep" "$D/u/b" "$D/u/home"
	seq 1 5000 >"$D/u/a/one"
	seq 1 100 >"$D/u/a/sub/two"
	seq 3 300 >"$D/u/a/sub/deep/three"
	echo tmp >"$D/u/a/x.tmp"
	head -c 300000 /dev/urandom >"$D/u/a/blob"
}
TRAIN=(/usr/bin/env HOME="$D/u/home" UNISON="$D/u/home/.unison" /bin/sh -c '
/usr/bin/unison -batch -silent "$1/u/a" "$1/u/b" && cmp "$1/u/a/one" "$1/u/b/one"' sh "$D")
TEST=(/usr/bin/env HOME="$D/u/home" UNISON="$D/u/home/.unison" /bin/sh -c '
d=$1/u
u() { /usr/bin/unison -batch -silent -times -ignore "Name *.tmp" "$@"; }
cd "$d" || exit 1
u a b && [ -f b/sub/deep/three ] && [ ! -e b/x.tmp ] &&
echo more >>a/one && rm b/sub/two && echo new >b/new &&
mv a/sub/deep a/sub/deeper && chmod 600 a/blob &&
u a b && [ -f a/new ] && [ ! -e a/sub/two ] && [ -d b/sub/deeper ] &&
[ ! -e b/sub/deep ] && cmp a/one b/one &&
[ "$(stat -c %a b/blob)" = 600 ] &&
echo left >a/new && echo right >b/new &&
u -prefer a a b && [ "$(cat b/new)" = left ] &&
echo only >a/sub/four && echo not >a/five &&
u -path sub a b && [ -f b/sub/four ] && [ ! -e b/five ] &&
/usr/bin/unison -testserver a b >/dev/null &&
diff -r -x "*.tmp" -x five a b && echo ok' sh "$D")
