# Graphviz 2.42's dot: its layout engines and renderers are plugins
# loaded with dlopen from /usr/lib/x86_64-linux-gnu/graphviz (config6a
# lists them), text measured by Pango, FreeType and fontconfig (its
# cache in the data directory), images by cairo, GD and libgvc's own
# writers.
# Train lays out a small graph with dot and writes SVG.
# Test lays out clusters, HTML-like labels and records and writes PNG
# (cairo), PDF, PostScript, JPEG and GIF (GD), JSON, plain text and the
# canonical form; the same graph by neato, fdp, sfdp, twopi, circo,
# osage and patchwork; an image file in a node; several graphs in one
# input, one output file each (-O).
prepare() {
	rm -rf "$D/out" "$D/fc"
	mkdir -p "$D/out" "$D/fc"
	cat >"$D/small.gv" <<'GV'
digraph g { a -> b; b -> c; a -> c; }
GV
	cat >"$D/big.gv" <<'GV'
digraph big {
	rankdir=LR; node [fontname="DejaVu Sans"];
	subgraph cluster_0 { label="first"; style=filled; color=lightgrey; a0 -> a1 -> a2; }
	subgraph cluster_1 { label="second"; b0 -> b1 -> b2; }
	rec [shape=record, label="{<f0> left|<f1> mid\ndle|<f2> right}"];
	html [shape=plaintext, label=<<TABLE BORDER="1"><TR><TD BGCOLOR="yellow">h<B>t</B>ml</TD><TD PORT="p">port</TD></TR></TABLE>>];
	start -> a0; start -> b0; a1 -> b2 [label="cross", color=red];
	a2 -> rec:f0; b2 -> html:p; rec:f2 -> end; html -> end [style=dashed];
}
GV
	/usr/bin/python3 - "$D/pic.png" <<'PY' || return 1
import struct, sys, zlib
def chunk(k, b):
    return struct.pack(">I", len(b)) + k + b + struct.pack(">I", zlib.crc32(k + b))
raw = b"".join(b"\0" + b"\x20\x80\xff" * 16 for _ in range(16))
open(sys.argv[1], "wb").write(b"\x89PNG\r\n\x1a\n"
    + chunk(b"IHDR", struct.pack(">IIBBBBB", 16, 16, 8, 2, 0, 0, 0))
    + chunk(b"IDAT", zlib.compress(raw)) + chunk(b"IEND", b""))
PY
	cat >"$D/img.gv" <<GV
graph i { n [image="$D/pic.png", label=""]; n -- m; }
GV
	printf 'graph one { x -- y }\ngraph two { p -- q -- r }\n' >"$D/two.gv"
}
export XDG_CACHE_HOME="$D/fc" HOME="$D"
TRAIN=(/usr/bin/dot -Tsvg -o "$D/out/small.svg" "$D/small.gv")
TEST=(/bin/sh -c '
d=$1 o=$1/out
dot=/usr/bin/dot
$dot -Tpng -o "$o/big.png" "$d/big.gv" &&
$dot -Tpdf -o "$o/big.pdf" "$d/big.gv" &&
$dot -Tps -o "$o/big.ps" "$d/big.gv" &&
$dot -Tjpg:gd -o "$o/big.jpg" "$d/big.gv" &&
$dot -Tgif -o "$o/big.gif" "$d/big.gv" &&
$dot -Tjson "$d/big.gv" | grep -q "\"name\": \"big\"" &&
$dot -Tplain "$d/big.gv" | grep -q "^node rec" &&
$dot -Tcanon "$d/big.gv" | grep -q cluster_0 &&
for k in neato fdp sfdp twopi circo osage patchwork; do
	$dot -K$k -Tsvg -o "$o/$k.svg" "$d/big.gv" || exit 1
	grep -q "</svg>" "$o/$k.svg" || exit 1
done &&
$dot -Tpng -o "$o/img.png" "$d/img.gv" &&
cp "$d/two.gv" "$o/" && $dot -Tsvg -O "$o/two.gv" &&
[ -s "$o/two.gv.svg" ] && [ -s "$o/two.gv.2.svg" ] &&
head -c 8 "$o/big.png" | grep -q PNG &&
head -c 5 "$o/big.pdf" | grep -q "%PDF" &&
head -c 4 "$o/big.gif" | grep -q GIF8 &&
echo ok' sh "$D")
