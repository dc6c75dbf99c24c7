# Tesseract 5.3 (OCR): Leptonica reading PNG, TIFF and PNM, its LSTM
# recogniser with OpenMP threads (libgomp), the English model from
# /usr/share/tesseract-ocr, and its renderers (text, hOCR, TSV, PDF with
# its font file).  The images are rendered here (prepare) by
# ImageMagick with a DejaVu font.
# Train reads one PNG line to standard output.  Test reads a page of
# three lines as text, hOCR, TSV and PDF at once, a line in page
# segmentation mode 7, a two-page TIFF, a list of images, and a PNM on
# standard input, each checked for its words.
prepare() {
	rm -rf "$D/out"
	mkdir -p "$D/out"
	img() { # FILE TEXT...
		local f=$1
		shift
		convert-im6.q16 -size 900x$((70 * $#)) xc:white -font DejaVu-Sans \
			-pointsize 40 -fill black \
			$(i=0; for t in "$@"; do i=$((i + 1));
				printf -- '-annotate +20+%d %s ' $((i * 60)) "$t"; done) \
			"$f"
	}
	img "$D/one.png" HELLO_WORLD
	img "$D/page.png" QUICK_BROWN_FOX JUMPS_OVER_DOGS PACKED_BOXES
	img "$D/line.png" SEVENTEEN_APPLES
	img "$D/a.png" ALPHA_PAGE
	img "$D/b.png" BRAVO_PAGE
	convert-im6.q16 "$D/a.png" "$D/b.png" "$D/two.tif"
	img "$D/stdin.pnm" STANDARD_INPUT
	printf '%s\n' "$D/a.png" "$D/b.png" >"$D/list.txt"
}
TRAIN=(/usr/bin/tesseract "$D/one.png" - --psm 7)
TEST=(/bin/sh -c '
cd "$1/out" || exit 1
t=/usr/bin/tesseract
$t ../page.png page hocr tsv pdf txt 2>/dev/null &&
grep -q FOX page.txt && grep -q ocrx_word page.hocr &&
grep -q DOGS page.tsv && head -c 5 page.pdf | grep -q PDF &&
$t ../line.png - --psm 7 2>/dev/null | grep -q SEVENTEEN &&
$t ../two.tif - 2>/dev/null | tr "\n" " " | grep -q "ALPHA.*BRAVO" &&
$t ../list.txt list 2>/dev/null && grep -q BRAVO list.txt &&
$t - - <../stdin.pnm 2>/dev/null | grep -q STANDARD &&
echo ok' sh "$D")
