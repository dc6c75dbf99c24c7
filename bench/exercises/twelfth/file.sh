# file 5.44 (file(1), libmagic): its magic database compiled and mapped,
# a seccomp filter of its own installed by libseccomp before it reads any
# input (Debian builds it with the sandbox on; a call outside its list
# kills it), the compressed inputs of -z decompressed by its built-in
# zlib, liblzma and libbz2 readers.
# Train names the types of a text file and of its own executable.
# Test names many kinds at once (-f from a list: a shell script, an ELF
# library, a gzip, xz, bzip2 and zip archive, a tar, a PNG, a PDF, a
# directory, a symbolic link, a FIFO, an empty file), their MIME types
# and encodings (-i), what is inside the compressed ones (-z), every
# match (-k), from standard input (-), with a magic file of its own
# compiled (-C) and then used (-m), and a symbolic link followed (-L).
prepare() {
	rm -rf "$D/in" "$D/my.magic" "$D/my.magic.mgc"
	mkdir -p "$D/in"
	echo 'hello there' >"$D/in/text"
	printf '#!/bin/sh\necho hi\n' >"$D/in/script.sh"
	seq 1 2000 | gzip >"$D/in/seq.gz"
	seq 1 2000 | xz >"$D/in/seq.xz"
	seq 1 2000 | bzip2 >"$D/in/seq.bz2"
	/usr/bin/python3 - "$D/in" <<'PY' || return 1
import struct, sys, tarfile, zipfile, zlib
d = sys.argv[1]
with zipfile.ZipFile(d + "/a.zip", "w", zipfile.ZIP_DEFLATED) as z:
    z.writestr("inner.txt", "x" * 1000)
with tarfile.open(d + "/a.tar", "w") as t:
    t.add(d + "/text", "text")
def chunk(k, b):
    return struct.pack(">I", len(b)) + k + b + struct.pack(">I", zlib.crc32(k + b))
raw = b"".join(b"\0" + b"\xff\0\0" * 4 for _ in range(4))
open(d + "/a.png", "wb").write(b"\x89PNG\r\n\x1a\n"
    + chunk(b"IHDR", struct.pack(">IIBBBBB", 4, 4, 8, 2, 0, 0, 0))
    + chunk(b"IDAT", zlib.compress(raw)) + chunk(b"IEND", b""))
open(d + "/a.pdf", "w").write("%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n")
PY
	: >"$D/in/empty"
	mkdir "$D/in/dir"
	ln -s text "$D/in/link"
	mkfifo "$D/in/fifo"
	cp /usr/lib/x86_64-linux-gnu/libz.so.1 "$D/in/lib.so"
	(cd "$D/in" && ls) | sed "s|^|$D/in/|" >"$D/list"
	printf '0\tstring\tSPTEST\tsandprint test data\n!:mime\tapplication/x-sptest\n' \
		>"$D/my.magic"
	printf 'SPTEST and more\n' >"$D/in/mine"
}
TRAIN=(/usr/bin/file "$D/in/text" /usr/bin/file)
TEST=(/bin/sh -c '
d=$1
f=/usr/bin/file
$f -f "$d/list" >"$d/out1" &&
grep -q "seq.xz: *XZ compressed" "$d/out1" &&
grep -q "a.png: *PNG image data, 4 x 4" "$d/out1" &&
grep -q "lib.so: *ELF 64-bit" "$d/out1" &&
grep -q "fifo: *fifo" "$d/out1" &&
$f -i "$d"/in/* | grep -q "a.pdf: *application/pdf" &&
$f -z "$d/in/seq.gz" "$d/in/seq.xz" "$d/in/seq.bz2" "$d/in/a.zip" >"$d/out2" &&
[ "$(grep -c "ASCII text" "$d/out2")" = 3 ] &&
$f -k -b "$d/in/script.sh" | grep -q "shell script" &&
$f -b - <"$d/in/seq.gz" | grep -q "^gzip compressed" &&
$f -L "$d/in/link" | grep -q "ASCII text" &&
cd "$d" && $f -C -m my.magic && [ -s my.magic.mgc ] &&
$f -m my.magic.mgc --mime-type -b in/mine | grep -qx application/x-sptest &&
$f -m my.magic.mgc:/usr/share/misc/magic.mgc -b in/mine in/a.png >out3 &&
grep -q "sandprint test data" out3 && grep -q PNG out3 &&
echo ok' sh "$D")
