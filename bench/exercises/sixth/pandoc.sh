# pandoc 2.17 (Haskell, GHC 9.0's threaded runtime): its timer (a
# timerfd thread ticking the scheduler), its parallel and idle garbage
# collections, its I/O manager threads, Lua filters in the same process.
# Train turns a short Markdown file into HTML; test reads Markdown from a
# pipe that stays open a second and a half (the runtime idles: its idle
# collection, its timer stopping and starting), writes a standalone HTML
# with a table of contents and highlighted code, a DOCX, an ODT and an
# EPUB (zip archives, an image embedded), reads the DOCX back, converts
# to LaTeX, reStructuredText and JSON, runs a Lua filter, and converts a
# large generated document (collections of a grown heap).
prepare() {
	rm -rf "$D"/*.html "$D"/*.docx "$D"/*.odt "$D"/*.epub "$D"/*.tex \
		"$D"/*.rst "$D"/*.json "$D"/big.md
	printf '# Title\n\nSome *text* and a [link](http://x).\n' >"$D/in.md"
	/usr/bin/ffmpeg -loglevel error -y -f lavfi -i color=red:s=20x20 \
		-frames:v 1 "$D/red.png"
	cat >"$D/doc.md" <<'MD'
---
title: A document
author: t
---
# One
Text with **bold**, `code`, a footnote[^1] and ![a dot](red.png).

[^1]: The note.

```python
def f(x):
    return x + 1
```

| a | b |
|---|---|
| 1 | 2 |

# Two
- one
- two
MD
	cat >"$D/upper.lua" <<'LUA'
function Str(el)
  return pandoc.Str(el.text:upper())
end
LUA
	/usr/bin/python3 - "$D/big.md" <<'PY'
import sys
with open(sys.argv[1], "w") as f:
    for i in range(3000):
        f.write(f"## Section {i}\n\nParagraph *{i}* with [a link](http://x/{i}) and `code {i}`.\n\n- item {i}\n- item {i + 1}\n\n")
PY
	cat >"$D/test.sh" <<SH
P=/usr/bin/pandoc
cd "$D" || exit 1
{ cat doc.md; sleep 1.5; echo; echo 'Late *text*.'; } |
	\$P -f markdown -t html -s --toc -o piped.html || exit 1
grep -q 'Late <em>text</em>' piped.html || exit 1
\$P doc.md -o doc.docx && \$P doc.md -o doc.odt && \$P doc.md -o doc.epub || exit 1
\$P doc.docx -t markdown | grep -q 'bold' || exit 1
\$P doc.md -t latex -o doc.tex && \$P doc.md -t rst -o doc.rst || exit 1
\$P doc.md -t json -o doc.json && \$P doc.json -f json -t html | grep -q Two || exit 1
\$P --lua-filter upper.lua doc.md -t html | grep -q 'BOLD' || exit 1
\$P big.md -s -o big.html && grep -q 'Section 2999' big.html
SH
}
TRAIN=(/bin/sh -c 'cd "$1" && /usr/bin/pandoc in.md -o out.html' sh "$D")
TEST=(/bin/sh "$D/test.sh")
