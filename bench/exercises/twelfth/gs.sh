# Ghostscript 10.0: a PostScript and PDF interpreter (its PostScript
# code in /usr/share/ghostscript, fonts found by fontconfig and its own
# font map), devices that write PDF, raster images and text, and
# rendering in bands by threads of its own (-dNumRenderingThreads).
# Always -dSAFER (its default).
# Train converts a one-page PostScript file to PDF (pdfwrite).
# Test renders a three-page PostScript program with text in several
# fonts, curves and an image to PNG (one file per page), the PDF
# written from it to 24-bit PNG in bands by 2 threads, to G4 TIFF and
# to JPEG, extracts its text (txtwrite), measures its bounding boxes
# (bbox), reads a page range of it, makes an EPS from a page (eps2write)
# and converts PostScript to PDF by ps2pdf (the script).
prepare() {
	rm -rf "$D/out"
	mkdir -p "$D/out"
	cat >"$D/one.ps" <<'PS'
%!PS
/Helvetica findfont 24 scalefont setfont
72 700 moveto (train page) show
showpage
PS
	cat >"$D/three.ps" <<'PS'
%!PS
/page { /n exch def
  /Times-Roman findfont 30 scalefont setfont
  72 700 moveto (Page number ) show n 10 string cvs show
  /Courier-Bold findfont 14 scalefont setfont
  72 650 moveto (monospaced words, ligatures fi fl) show
  /Symbol findfont 18 scalefont setfont 72 620 moveto (abgd) show
  newpath 300 400 100 0 360 arc 0.2 n mul 0.5 0.8 setrgbcolor fill
  newpath 72 300 moveto 200 500 400 100 540 300 curveto 4 setlinewidth stroke
  gsave 100 100 translate 144 144 scale
  8 8 8 [8 0 0 8 0 0] { <00ff00ff00ff00ff ff00ff00ff00ff00 00ff00ff00ff00ff ff00ff00ff00ff00 00ff00ff00ff00ff ff00ff00ff00ff00 00ff00ff00ff00ff ff00ff00ff00ff00> } image
  grestore
  showpage } def
1 page 2 page 3 page
PS
}
TRAIN=(/usr/bin/gs -q -dSAFER -dBATCH -dNOPAUSE -sDEVICE=pdfwrite
	-sOutputFile="$D/out/one.pdf" "$D/one.ps")
TEST=(/bin/sh -c '
d=$1 o=$1/out
gs="/usr/bin/gs -q -dSAFER -dBATCH -dNOPAUSE"
$gs -sDEVICE=png16m -r72 -sOutputFile="$o/p%d.png" "$d/three.ps" &&
[ -s "$o/p3.png" ] &&
$gs -sDEVICE=pdfwrite -sOutputFile="$o/three.pdf" "$d/three.ps" &&
$gs -sDEVICE=png16m -r150 -dNumRenderingThreads=2 -dBandHeight=100 \
	-dMaxBitmap=100000 -sOutputFile="$o/b%d.png" "$o/three.pdf" &&
[ -s "$o/b3.png" ] &&
$gs -sDEVICE=tiffg4 -r100 -sOutputFile="$o/t.tif" "$o/three.pdf" &&
$gs -sDEVICE=jpeg -r50 -dFirstPage=2 -dLastPage=2 \
	-sOutputFile="$o/j.jpg" "$o/three.pdf" &&
$gs -sDEVICE=txtwrite -sOutputFile=- "$o/three.pdf" | grep -q "Page number 3" &&
$gs -sDEVICE=bbox "$o/three.pdf" 2>&1 | grep -c "%%BoundingBox" | grep -qx 3 &&
$gs -sDEVICE=eps2write -dFirstPage=1 -dLastPage=1 \
	-sOutputFile="$o/one.eps" "$o/three.pdf" &&
head -c 11 "$o/one.eps" | grep -q "%!PS-Adobe" &&
cd "$o" && /usr/bin/ps2pdf "$d/one.ps" two.pdf && [ -s two.pdf ] &&
echo ok' sh "$D")
