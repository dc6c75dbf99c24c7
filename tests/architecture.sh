#!/bin/bash
# architecture.sh - docs/ARCHITECTURE.md's file tables against the tree:
# for each module folder (core, tracer, analyzer, output, cli), the files
# named in the first column of its "### `DIR/`" table (`x.{h,c}` is x.h
# and x.c) are exactly its .c, .h and .def files: none left out, none that
# does not exist.  A control: the check run over a copy of the page with a
# row dropped and a row for a missing file added must report both.
#
# Usage: architecture.sh SRCDIR
set -u
. "$(dirname -- "$0")/lib.sh"
SRC=$(realpath -e -- "$1") || exit 2
sp_begin architecture

# named PAGE DIR: the files DIR's table names, one per line, sorted.
named() {
	awk -v dir="$2" '
		/^### / { in_dir = index($0, "### `" dir "/`") == 1; next }
		/^## / { in_dir = 0 }
		in_dir && /^\| `/ {
			cell = $0
			sub(/^\| /, "", cell)
			sub(/ \|.*/, "", cell)
			while (match(cell, /`[^`]+`/)) {
				tok = substr(cell, RSTART + 1, RLENGTH - 2)
				cell = substr(cell, RSTART + RLENGTH)
				if (match(tok, /\{[^}]*\}/)) {
					pre = substr(tok, 1, RSTART - 1)
					post = substr(tok, RSTART + RLENGTH)
					n = split(substr(tok, RSTART + 1,
							 RLENGTH - 2), alt, ",")
					for (i = 1; i <= n; i++)
						print pre alt[i] post
				} else {
					print tok
				}
			}
		}' "$1" | sort -u
}

# present DIR: its source files, one per line, sorted.
present() {
	(cd "$SRC/$1" && ls -- *.c *.h *.def 2>/dev/null) | sort -u
}

# compare PAGE DIR: "missing: ..." and "extra: ..." lines, or nothing.
compare() {
	local miss extra
	miss=$(comm -13 <(named "$1" "$2") <(present "$2") | tr '\n' ' ')
	extra=$(comm -23 <(named "$1" "$2") <(present "$2") | tr '\n' ' ')
	[ -n "$miss" ] && echo "not in the table: $miss"
	[ -n "$extra" ] && echo "no such file: $extra"
}

PAGE=$SRC/docs/ARCHITECTURE.md
for d in core tracer analyzer output cli; do
	if [ -z "$(named "$PAGE" "$d")" ]; then
		bad "${d}_table_names_every_file" "no table for $d/"
		continue
	fi
	out=$(compare "$PAGE" "$d")
	[ -z "$out" ] && ok "${d}_table_names_every_file" ||
		bad "${d}_table_names_every_file" "$out"
done

# Control: drop the row of tracer/stop.{h,c}, add one for a file that is
# not there.
grep -v '^| `stop\.{h,c}` |' "$PAGE" |
	sed 's/^| `spawn\.{h,c}` |/| `spawn.{h,c}`, `ghost.c` |/' >page.md
out=$(compare page.md tracer)
case $out in
*stop.c*stop.h*ghost.c*) ok control_dropped_and_invented_rows_are_found ;;
*) bad control_dropped_and_invented_rows_are_found "got: $out" ;;
esac
sp_end
