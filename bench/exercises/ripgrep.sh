# ripgrep: train searches a directory tree; test searches a compressed
# file (through a decompressor child process), lists files, reports in
# JSON with several threads and sorts.
prepare() {
	mkdir -p "$D/tree/a" "$D/tree/b"
	for i in 1 2 3 4 5 6 7 8; do
		printf 'line one\nneedle %s\nline three\n' $i >"$D/tree/a/f$i.txt"
		printf 'other\n' >"$D/tree/b/g$i.txt"
	done
	printf 'a needle in gzip\n' | gzip >"$D/z.gz"
	cat >"$D/train.sh" <<SH
/usr/bin/rg -n needle "$D/tree" >/dev/null
SH
	cat >"$D/test.sh" <<SH
RG=/usr/bin/rg
\$RG -z -c needle "$D/z.gz" || exit 1
\$RG --files "$D/tree" >/dev/null || exit 1
\$RG -j4 -i --json NEEDLE "$D/tree" >/dev/null || exit 1
\$RG --sort path -l needle "$D/tree" >/dev/null
SH
}
TRAIN=(/bin/sh "$D/train.sh")
TEST=(/bin/sh "$D/test.sh")
