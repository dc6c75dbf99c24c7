# LibreOffice 7.4 Writer, headless (libreoffice-writer-nogui): the
# soffice shell script, oosplash starting soffice.bin, its UNO component
# libraries loaded as the filters ask for them (one shared object per
# component, registered in .rdb files), its configuration registry and a
# fresh user profile (written on first start), its threads, fonts
# through fontconfig and its PDF export.
# Train converts a text file to ODT.  Test converts an HTML page (a
# table, a list, an image) to PDF and DOCX in one run, the DOCX back to
# text, an RTF to ODT and that ODT to PDF, and checks the words of each
# result (pdftotext is not needed: PDF text is read from the .txt export
# of the same document).
prepare() {
	rm -rf "$D/profile" "$D/out" "$D/in"
	mkdir -p "$D/out" "$D/in"
	echo 'Plain training text' >"$D/in/train.txt"
	convert-im6.q16 -size 40x40 xc:red "$D/in/red.png"
	cat >"$D/in/page.html" <<'HTML'
<html><body><h1>Tenth heading</h1><p>Paragraph with <b>bold</b> words.</p>
<ul><li>first item</li><li>second item</li></ul>
<table border="1"><tr><td>cell one</td><td>cell two</td></tr></table>
<img src="red.png" alt="red"></body></html>
HTML
	printf '{\\rtf1\\ansi{\\fonttbl\\f0 Times;}\\f0 Rich {\\b text} here.\\par}\n' \
		>"$D/in/doc.rtf"
}
SOFFICE=(/usr/bin/soffice --headless --norestore --nologo)
TRAIN=(/bin/sh -c 'd=$1; shift; cd "$d" && HOME="$d" "$@" && test -s out/train.odt' sh
	"$D" "${SOFFICE[@]}" -env:UserInstallation=file://$D/profile
	--convert-to odt --outdir out in/train.txt)
TEST=(/bin/sh -c '
d=$1
shift
cd "$d" || exit 1
lo() { HOME="$d" "$@" "-env:UserInstallation=file://$d/profile" >/dev/null 2>&1; }
lo "$@" --convert-to pdf --outdir out in/page.html &&
head -c 5 out/page.pdf | grep -q PDF &&
lo "$@" --convert-to "docx:MS Word 2007 XML" --outdir out in/page.html &&
lo "$@" --convert-to txt:Text --outdir out/back out/page.docx &&
grep -q "cell two" out/back/page.txt && grep -q "second item" out/back/page.txt &&
lo "$@" --convert-to odt --outdir out in/doc.rtf &&
lo "$@" --convert-to pdf --outdir out/pdf out/doc.odt &&
head -c 5 out/pdf/doc.pdf | grep -q PDF &&
HOME="$d" "$@" "-env:UserInstallation=file://$d/profile" --cat out/doc.odt 2>/dev/null |
	grep -q "Rich text here" &&
echo ok' sh "$D" "${SOFFICE[@]}")
