# ClamAV 1.4 (clamscan): libclamav's signature engine (its databases
# compiled at load: hash, body and logical signatures, Aho-Corasick
# tries), its file type recognition and unpackers (zip, gzip, tar, OLE2,
# PDF, ELF, HTML), its parts in Rust linked into it, YARA rules, with
# databases of our own (no network: no freshclam; the signatures name
# test strings).
# Train scans one clean file with one hash signature.  Test loads hash,
# body (.ndb), logical (.ldb) and YARA rules, scans a tree: matches in a
# plain file, inside a zip, inside a .tar.gz, in a PDF stream, in an
# HTML file and by MD5 hash, clean files and an ELF executable, with
# --max-filesize, --alert-encrypted and --gen-json (metadata to a
# temporary directory it keeps), then stdin (-).
prepare() {
	rm -rf "$D/db" "$D/tree" "$D/tmp"
	mkdir -p "$D/db" "$D/tree/sub" "$D/tmp"
	printf 'clean text\n' >"$D/clean.txt"
	printf 'hash-target-content\n' >"$D/tree/byhash.bin"
	printf '%s:%s:Test.Hash.One\n' \
		"$(md5sum <"$D/tree/byhash.bin" | cut -d' ' -f1)" \
		"$(stat -c %s "$D/tree/byhash.bin")" >"$D/db/one.hdb"
	cp "$D/db/one.hdb" "$D/train.hdb"
	# "sandprint-body-marker" in hexadecimal.
	echo "Test.Body.Marker:0:*:$(printf sandprint-body-marker | od -An -tx1 | tr -d ' \n')" >"$D/db/body.ndb"
	echo "Test.Logical.Two;Engine:51-255,Target:0;0&1;$(printf alpha-token | od -An -tx1 | tr -d ' \n');$(printf omega-token | od -An -tx1 | tr -d ' \n')" >"$D/db/two.ldb"
	cat >"$D/db/rule.yara" <<'YARA'
rule Test_Yara_Rule { strings: $a = "yara-needle-string" condition: $a }
YARA
	printf 'before sandprint-body-marker after\n' >"$D/tree/plain.txt"
	printf 'x alpha-token y omega-token z\n' >"$D/tree/both.txt"
	printf 'only alpha-token\n' >"$D/tree/sub/half.txt"
	printf 'a yara-needle-string here\n' >"$D/tree/sub/yara.txt"
	printf '<html><body><script>var s="sandprint-body-marker";</script></body></html>\n' >"$D/tree/page.html"
	(cd "$D/tree" && /usr/bin/python3 - <<'PY'
import gzip, io, tarfile, zipfile, zlib
with zipfile.ZipFile("in.zip", "w", zipfile.ZIP_DEFLATED) as z:
    z.writestr("inner/doc.txt", "zip sandprint-body-marker zip" * 50)
with tarfile.open("in.tar.gz", "w:gz") as t:
    b = b"tar yara-needle-string tar"
    i = tarfile.TarInfo("t.txt"); i.size = len(b)
    t.addfile(i, io.BytesIO(b))
s = zlib.compress(b"BT (sandprint-body-marker) Tj ET")
objs = [b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /Contents 4 0 R >>",
        b"<< /Length %d /Filter /FlateDecode >>\nstream\n" % len(s) + s + b"\nendstream"]
out = b"%PDF-1.4\n"; offs = []
for n, o in enumerate(objs, 1):
    offs.append(len(out)); out += b"%d 0 obj\n" % n + o + b"\nendobj\n"
x = len(out)
out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objs) + 1)
out += b"".join(b"%010d 00000 n \n" % o for o in offs)
out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objs) + 1, x)
open("doc.pdf", "wb").write(out)
PY
	)
	printf 'clean one\n' >"$D/tree/sub/clean1.txt"
	cp /usr/bin/true "$D/tree/sub/elf"
	head -c 3000000 /dev/zero >"$D/tree/big.bin"
}
TRAIN=(/usr/bin/clamscan --no-summary -d "$D/train.hdb" "$D/clean.txt")
TEST=(/bin/sh -c '
d=$1
/usr/bin/clamscan -r -d "$d/db" --max-filesize=2M --alert-encrypted=yes \
	--gen-json=yes --leave-temps=yes --tempdir="$d/tmp" "$d/tree" >"$d/scan.out" 2>&1
[ $? = 1 ] || exit 1
for m in "byhash.bin: Test.Hash.One" "plain.txt: Test.Body.Marker" \
	"both.txt: Test.Logical.Two" "yara.txt: YARA.Test_Yara_Rule" \
	"in.zip: Test.Body.Marker" "in.tar.gz: YARA.Test_Yara_Rule" \
	"doc.pdf: Test.Body.Marker" "page.html: Test.Body.Marker" \
	"half.txt: OK" "clean1.txt: OK" "elf: OK" "Infected files: 8"; do
	grep -q "$m" "$d/scan.out" || { echo "missing: $m"; exit 1; }
done
printf "via stdin sandprint-body-marker\n" | /usr/bin/clamscan -d "$d/db" - |
	grep -q "stdin: Test.Body.Marker"' sh "$D")
