# ImageMagick 6 (convert, identify, compare, montage, stream): coders
# are modules loaded through libltdl when an image of their format first
# comes (the GraphicsMagick of the third set has them built in), and its
# filters run on OpenMP threads (libgomp).  Train turns a PNG into a
# resized JPEG; test reads and writes TIFF, WebP, GIF (animated), BMP,
# PPM, SVG-less vector drawing, runs a blur and a sharpen on two
# threads, a distortion, a Fourier-free compare, a montage, an
# identify -verbose, a stream of raw pixels, and a pixel cache on disk
# (a memory limit below the image's size).
prepare() {
	rm -f "$D"/*.png "$D"/*.jpg "$D"/*.gif "$D"/*.ppm "$D"/*.tif \
		"$D"/*.webp "$D"/*.bmp "$D"/*.rgb
	/usr/bin/convert-im6.q16 -size 200x150 gradient:red-blue "$D/in.png"
	cat >"$D/test.sh" <<SH
C=/usr/bin/convert-im6.q16
cd "$D" || exit 1
export MAGICK_THREAD_LIMIT=2 MAGICK_TMPDIR="$D"
\$C in.png in.tif && \$C in.tif -quality 80 w.webp && \$C w.webp w.bmp || exit 1
\$C in.png -blur 0x3 -sharpen 0x1 -rotate 30 r.png || exit 1
\$C in.png -distort SRT 0.8,20 d.png || exit 1
\$C -size 100x100 xc:white -fill green -draw 'circle 50,50 50,10' \
	-stroke black -draw 'line 0,0 99,99' c.png || exit 1
\$C -delay 10 in.png r.png c.png -loop 0 anim.gif || exit 1
\$C in.png out.ppm || exit 1
/usr/bin/compare-im6.q16 -metric rmse in.png d.png null: 2>/dev/null; [ \$? -le 1 ] || exit 1
/usr/bin/montage-im6.q16 in.png c.png r.png -geometry 64x64+2+2 m.png || exit 1
/usr/bin/identify-im6.q16 -verbose anim.gif | grep -q Geometry || exit 1
/usr/bin/stream-im6.q16 -map rgb -storage-type char in.png px.rgb || exit 1
[ "\$(wc -c <px.rgb)" = 90000 ] || exit 1
\$C -limit memory 64KiB -limit map 64KiB in.png -resize 400% big.png || exit 1
[ "\$(/usr/bin/identify-im6.q16 -format '%w %h' big.png)" = "800 600" ]
SH
}
TRAIN=(/bin/sh -c 'cd "$1" && /usr/bin/convert-im6.q16 in.png -resize 50% out.jpg' sh "$D")
TEST=(/bin/sh "$D/test.sh")
