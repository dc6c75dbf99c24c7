# ripgrep: train searches a directory tree; test searches compressed
# files (through a decompressor child process), lists files, counts in
# JSON and sorts, with several threads.
. ./common.sh
RG=/usr/bin/rg
mkdir -p "$D/tree/a" "$D/tree/b"
for i in 1 2 3 4 5 6 7 8; do
	printf 'line one\nneedle %s\nline three\n' $i >"$D/tree/a/f$i.txt"
	printf 'other\n' >"$D/tree/b/g$i.txt"
done
case $1 in
train)
	$RG -n needle "$D/tree" >/dev/null || exit 1
	;;
test)
	printf 'a needle in gzip\n' | /usr/bin/gzip >"$D/tree/z.gz"
	$RG -z -c needle "$D/tree/z.gz" | grep -q 1 || exit 1
	$RG --files "$D/tree" | grep -q g3.txt || exit 1
	$RG -j4 -i --json NEEDLE "$D/tree" | grep -q '"type":"match"' || exit 1
	$RG --sort path -l needle "$D/tree" >/dev/null || exit 1
	;;
esac
