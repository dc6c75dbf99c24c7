# aria2 1.36 (aria2c): a download utility of one event loop over
# non-blocking sockets (its own HTTP client, asynchronous name
# resolution by c-ares), a file split into pieces fetched by several
# connections at once, a control file to resume, checksums, Metalink.
# Its server is busybox's httpd beside it in the container (both
# exercises start it: the container has a network of its own).
# Train downloads one file.
# Test downloads a 4 MB file in 4 pieces over 4 connections with a
# SHA-256 check, files listed in an input file 3 at once, a Metalink
# file's, one missing (status 3), resumes a partial download (-c),
# limits the rate, allocates the file by fallocate and by truncate,
# and checks the results.
prepare() {
	rm -rf "$D/pub" "$D/out"
	mkdir -p "$D/pub" "$D/out"
	echo hello >"$D/pub/index.txt"
	head -c 4000000 /dev/urandom >"$D/pub/big"
	for i in 1 2 3 4 5; do seq 1 "${i}0000" >"$D/pub/f$i"; done
	head -c 1500000 "$D/pub/big" >"$D/out/part"
	P=http://127.0.0.1:18082
	printf '%s\n' "$P/f1" "$P/f2" "$P/f3" "$P/f4" "$P/f5" >"$D/list"
	sum=$(sha256sum <"$D/pub/big" | cut -d" " -f1)
	echo "$sum" >"$D/big.sha256"
	cat >"$D/m.meta4" <<XML
<?xml version="1.0" encoding="UTF-8"?>
<metalink xmlns="urn:ietf:params:xml:ns:metalink">
 <file name="meta.out">
  <size>4000000</size>
  <hash type="sha-256">$sum</hash>
  <url priority="1">$P/big</url>
 </file>
</metalink>
XML
}
TRAIN=(/bin/sh -c '
/usr/bin/busybox httpd -f -p 127.0.0.1:18082 -h "$1/pub" & s=$!
/usr/bin/aria2c -q -d "$1/out" -o one.txt http://127.0.0.1:18082/index.txt
st=$?
kill $s
[ $st = 0 ] && grep -q hello "$1/out/one.txt"' sh "$D")
TEST=(/bin/sh -c '
d=$1
a="/usr/bin/aria2c -q -d $d/out --no-conf --allow-overwrite=true"
P=http://127.0.0.1:18082
/usr/bin/busybox httpd -f -p 127.0.0.1:18082 -h "$d/pub" & s=$!
t() {
$a -x 4 -s 4 -k 1M --file-allocation=falloc \
	--checksum=sha-256=$(cat "$d/big.sha256") -o big $P/big &&
cmp "$d/out/big" "$d/pub/big" &&
$a -j 3 -i "$d/list" --file-allocation=trunc &&
cmp "$d/out/f5" "$d/pub/f5" &&
$a -M "$d/m.meta4" && cmp "$d/out/meta.out" "$d/pub/big" &&
{ $a $P/nope; [ $? = 3 ]; } &&
$a -c -o part $P/big && cmp "$d/out/part" "$d/pub/big" &&
$a --max-download-limit=2M -o slow $P/f4 && cmp "$d/out/slow" "$d/pub/f4"
}
t; st=$?
kill $s
[ $st = 0 ] && echo ok' sh "$D")
