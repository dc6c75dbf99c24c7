# GNU Wget2 1.99 (wget2): a downloader of several threads
# (--max-threads), recursive by parsing the HTML and CSS it fetches,
# converting links, with its own HSTS, HPKP and cookie stores off.  Its
# server is busybox's httpd beside it in the container (both exercises
# start it: the container has a network of its own).
# Train downloads one file.
# Test mirrors a small site recursively with 4 threads (its pages, their
# CSS and the images the CSS names), converting links (-k); fetches a
# page with its requisites only (-p); resumes a partial download (-c);
# a missing file (status 8); timestamps (-N) a second time; files listed
# in an input file; and checks the results.
prepare() {
	rm -rf "$D/pub" "$D/out"
	mkdir -p "$D/pub/s/sub" "$D/out"
	echo hello >"$D/pub/index.txt"
	head -c 2000000 /dev/urandom >"$D/pub/big"
	head -c 700000 "$D/pub/big" >"$D/out/big"
	cat >"$D/pub/s/index.html" <<HTML
<html><head><link rel="stylesheet" href="style.css"></head><body>
<a href="a.html">a</a> <a href="sub/b.html">b</a> <img src="p1.png">
</body></html>
HTML
	echo '<html><body><a href="sub/b.html">b</a><a href="/s/index.html">i</a></body></html>' \
		>"$D/pub/s/a.html"
	echo '<html><body><img src="../p2.png"><a href="../a.html">a</a></body></html>' \
		>"$D/pub/s/sub/b.html"
	echo 'body { background: url("bg.png") }' >"$D/pub/s/style.css"
	for f in p1 p2 bg; do head -c 5000 /dev/urandom >"$D/pub/s/$f.png"; done
	printf '%s\n' http://127.0.0.1:18083/index.txt \
		http://127.0.0.1:18083/s/p1.png >"$D/list"
}
TRAIN=(/bin/sh -c '
/usr/bin/busybox httpd -f -p 127.0.0.1:18083 -h "$1/pub" & s=$!
/usr/bin/wget2 -q --no-config -O "$1/out/one.txt" http://127.0.0.1:18083/index.txt
st=$?
kill $s
[ $st = 0 ] && grep -q hello "$1/out/one.txt"' sh "$D")
TEST=(/bin/sh -c '
d=$1
w="/usr/bin/wget2 -q --no-config --no-hsts --no-hpkp --no-cookies"
P=http://127.0.0.1:18083
/usr/bin/busybox httpd -f -p 127.0.0.1:18083 -h "$d/pub" & s=$!
cd "$d/out" || exit 1
t() {
$w -r -l 3 -k --max-threads=4 -nH -P m $P/s/index.html &&
for f in index.html a.html sub/b.html style.css p1.png p2.png bg.png; do
	cmp -s m/s/$f "$d/pub/s/$f" || [ "${f%.html}" != $f ] || return 1
	[ -f m/s/$f ] || return 1
done &&
! grep -q "$P" m/s/a.html &&
$w -p -nd -P req $P/s/sub/b.html && [ -f req/p2.png ] && [ ! -f req/a.html ] &&
$w -c -O big $P/big && cmp big "$d/pub/big" &&
{ $w $P/nope; [ $? = 8 ]; } &&
$w -N -nd -P ts $P/index.txt && $w -N -nd -P ts $P/index.txt &&
$w -i "$d/list" -nd -P list && cmp list/p1.png "$d/pub/s/p1.png"
}
t; st=$?
kill $s
[ $st = 0 ] && echo ok' sh "$D")
