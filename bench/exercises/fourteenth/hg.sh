# Mercurial 6.3 (hg): a version control system in Python with C
# extensions of its own (bdiff, mpatch, the revlog parsers), revlogs
# appended and locked, a dirstate written by rename, zlib and zstd.
# No configuration but the user (HGRCPATH empty, HGUSER).
# Train makes a repository and commits one file.
# Test commits several changes, makes a named branch and merges it with
# the internal merge, diffs, annotates, greps, logs with a graph and a
# template, renames and removes files, clones the repository locally,
# exports a change as a patch and imports it in the clone (a new head),
# bundles and unbundles, archives as tar.gz and zip, reverts, verifies
# both; rebases and strips in the clone (extensions); serves the
# repository over HTTP as a daemon (hg serve -d: a process forked and
# detached, a thread per request), clones it over HTTP into revlogs
# compressed by zstd, commits there and pushes back.
prepare() {
	rm -rf "$D/r" "$D/c" "$D/z" "$D"/*.hg "$D"/*.patch "$D"/a.tgz \
		"$D"/a.zip "$D/serve.pid"
	mkdir -p "$D/r"
	seq 1 300 >"$D/r/a.txt"
}
TRAIN=(/usr/bin/env HGRCPATH= HGUSER=t HGPLAIN=1 /bin/sh -c '
cd "$1/r" && /usr/bin/hg init && /usr/bin/hg add -q a.txt &&
/usr/bin/hg commit -m one' sh "$D")
TEST=(/usr/bin/env HGRCPATH= HGUSER=t HGPLAIN=1 /bin/sh -c '
h=/usr/bin/hg
d=$1
cd "$d/r" || exit 1
$h init && $h add -q a.txt && $h commit -m one &&
sed -i s/^5$/five/ a.txt && echo b >b.txt && $h add -q b.txt &&
$h commit -m two && $h branch -q feature && echo c >c.txt &&
$h add -q c.txt && $h commit -m three && $h update -q default &&
sed -i s/^200$/two-hundred/ a.txt && $h commit -m four &&
$h merge -q --tool internal:merge feature && $h commit -m merged &&
$h diff -r 0 -r 1 | grep -q "^+five" &&
$h annotate a.txt | grep -q "^3: two-hundred" &&
$h grep --all-files two-hundred | grep -q a.txt &&
$h log -G -T "{rev}:{branch}:{desc}\n" | grep -q "feature:three" &&
$h mv b.txt d.txt && $h rm c.txt && $h commit -m moved &&
[ "$($h status --change . | wc -l)" = 3 ] &&
$h clone -q . "$d/c" && $h export -r 2 -o "$d/three.patch" &&
$h bundle -q --all "$d/all.hg" && $h archive -t tgz "$d/a.tgz" &&
$h archive -t zip "$d/a.zip" && [ -s "$d/a.zip" ] &&
echo x >>a.txt && $h revert -q --no-backup a.txt &&
[ -z "$($h status)" ] && $h verify -q &&
cd "$d/c" && $h update -q -r 1 && $h import -q "$d/three.patch" &&
[ -f c.txt ] && $h unbundle -q "$d/all.hg" && $h verify -q &&
[ "$($h log -r tip -T "{desc}")" = three ] &&
$h --config extensions.rebase= rebase -q -s tip -d 5 &&
[ "$($h log -r "children(5)" -T "{desc}")" = three ] &&
$h --config extensions.strip= strip -q -r tip && [ -n "$(ls .hg/strip-backup)" ] &&
cd "$d/r" && $h serve -d -a 127.0.0.1 -p 18100 --pid-file "$d/serve.pid" \
	--config web.push_ssl=false --config "web.allow-push=*" &&
$h --config format.revlog-compression=zstd clone -q \
	http://127.0.0.1:18100/ "$d/z" && grep -q zstd "$d/z/.hg/store/requires" &&
echo z >"$d/z/z.txt" && $h --cwd "$d/z" commit -q -A -m pushed &&
$h --cwd "$d/z" push -q; st=$?
kill "$(cat "$d/serve.pid")"
[ $st = 0 ] && [ "$($h log -r tip -T "{desc}")" = pushed ] &&
echo ok' sh "$D")
