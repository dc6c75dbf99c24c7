# rsync: train copies a tree locally; test deletes, compares checksums,
# compresses through a remote shell (a child rsync --server), keeps
# backups, hard-links against an earlier copy and lists.
prepare() {
	rm -rf "$D/src" "$D"/dst*
	mkdir -p "$D/src/a/b"
	for i in 1 2 3 4 5; do
		head -c $((i * 5000)) /dev/urandom >"$D/src/a/f$i"
		echo "text $i" >"$D/src/a/b/t$i.txt"
	done
	ln -s f1 "$D/src/a/link"
	printf '#!/bin/sh\nshift\nexec "$@"\n' >"$D/rsh"
	chmod +x "$D/rsh"
	cat >"$D/test.sh" <<SH
R=/usr/bin/rsync
\$R -a "$D/src/" "$D/dst1/" || exit 1
echo new >"$D/dst1/extra"
\$R -a --delete --checksum "$D/src/" "$D/dst1/" || exit 1
[ ! -e "$D/dst1/extra" ] || exit 1
\$R -az -e "$D/rsh" "$D/src/" "x:$D/dst2/" || exit 1
\$R -a --backup --suffix=.old "$D/src/" "$D/dst2/" || exit 1
\$R -a --link-dest="$D/dst1" "$D/src/" "$D/dst3/" || exit 1
\$R --list-only -r "$D/src/" >/dev/null || exit 1
cmp "$D/src/a/f5" "$D/dst3/a/f5"
SH
}
TRAIN=(/bin/sh -c '/usr/bin/rsync -a "$1/src/" "$1/dst0/"' sh "$D")
TEST=(/bin/sh "$D/test.sh")
