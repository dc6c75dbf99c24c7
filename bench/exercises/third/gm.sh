# GraphicsMagick: train turns a PNG into a resized JPEG; test identifies
# it, rotates, blurs, draws text-less shapes, composites two images,
# makes a GIF and a montage, and compares two images.
prepare() {
	rm -f "$D"/*.png "$D"/*.jpg "$D"/*.gif "$D"/*.ppm
	/usr/bin/gm convert -size 200x150 gradient:red-blue "$D/in.png"
	cat >"$D/test.sh" <<SH
G=/usr/bin/gm
cd "$D" || exit 1
\$G identify in.png >/dev/null || exit 1
\$G convert in.png -rotate 30 -blur 0x2 r.png || exit 1
\$G convert -size 100x100 xc:white -fill green -draw 'circle 50,50 50,10' c.png || exit 1
\$G composite -geometry +10+10 c.png in.png comp.jpg || exit 1
\$G convert in.png -colors 16 out.gif || exit 1
\$G montage in.png c.png r.png -geometry 64x64+2+2 m.png || exit 1
\$G convert in.png out.ppm || exit 1
\$G compare -metric mse in.png r.png >/dev/null 2>&1
\$G identify -format '%w %h' m.png | grep -q ' '
SH
}
TRAIN=(/bin/sh -c 'cd "$1" && /usr/bin/gm convert in.png -resize 50% out.jpg' sh "$D")
TEST=(/bin/sh "$D/test.sh")
