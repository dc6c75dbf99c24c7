# Poppler 22.12 (poppler-utils): a PDF library with its fonts found
# through fontconfig (a cache, font files mapped), rendering by Splash
# (pdftoppm) and by cairo (pdftocairo), text extraction, pages split
# and joined.  The PDFs are R's pdf device's (made on the host).  Train
# prints a PDF's information; test extracts its text (with layout),
# lists its fonts and images, renders its pages to PNG and PPM at two
# resolutions, to SVG and PostScript by cairo, to HTML, splits it into
# pages and joins them again, and attaches a file.
prepare() {
	rm -rf "$D/o"
	mkdir -p "$D/o"
	[ -f "$D/a.pdf" ] || HOME="$D" /usr/bin/Rscript -e \
		'pdf(commandArgs(TRUE)[1]); plot(1:10, main = "Alpha"); plot(sin, -3, 3, main = "Beta"); text(0, 0, "Gamma"); invisible(dev.off())' \
		"$D/a.pdf" || return 1
	cat >"$D/test.sh" <<SH
cd "$D/o" || exit 1
B=/usr/bin
\$B/pdftotext -layout ../a.pdf a.txt && grep -q Beta a.txt || exit 1
\$B/pdffonts ../a.pdf | grep -q Helvetica || exit 1
\$B/pdfimages -list ../a.pdf >/dev/null || exit 1
\$B/pdftoppm -png -r 40 ../a.pdf p && [ -f p-2.png ] || exit 1
\$B/pdftoppm -r 20 -f 1 -l 1 ../a.pdf q && [ -f q-1.ppm ] || exit 1
\$B/pdftocairo -svg -f 2 -l 2 ../a.pdf b.svg && grep -q svg b.svg || exit 1
\$B/pdftocairo -ps ../a.pdf a.ps || exit 1
\$B/pdftohtml -q -s -i ../a.pdf h >/dev/null && ls h*.html >/dev/null || exit 1
\$B/pdfseparate ../a.pdf s%d.pdf && \$B/pdfunite s1.pdf s2.pdf u.pdf || exit 1
\$B/pdfattach u.pdf ../a.pdf v.pdf && \$B/pdfdetach -list v.pdf | grep -q a.pdf || exit 1
[ "\$(\$B/pdfinfo u.pdf | awk '/^Pages/ { print \$2 }')" = 2 ]
SH
}
TRAIN=(/bin/sh -c 'cd "$1" && /usr/bin/pdfinfo a.pdf >/dev/null' sh "$D")
TEST=(/bin/sh "$D/test.sh")
