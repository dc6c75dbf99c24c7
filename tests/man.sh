#!/bin/bash
# man.sh - checks the man pages against groff and against the binary.
#
# Usage: man.sh SANDPRINT MANDIR
#   SANDPRINT  the sandprint binary
#   MANDIR     the man/ directory of the source tree
#
# Checks:
#   1. groff -man -ww -z prints nothing for each page in MANDIR (*.1, *.5);
#   2. the pages that must exist do: sandprint.1, sandprint-formats.5 and
#      sandprint-CMD.1 for each command listed under "Commands:" in
#      'sandprint --help';
#   3. every option token (-x, --long-name) that 'sandprint --help' prints
#      appears in sandprint.1, and every one that 'sandprint CMD --help'
#      prints appears in sandprint-CMD.1.  In the page, \- is read as -,
#      and font escapes (\fB ... \fR) and \& are dropped; a token must stand
#      alone (-o does not match inside --output);
#   4. a negative control: the option check run on a copy of a page with
#      one option removed must report it missing (a check that cannot fail
#      is a defect);
#   5. every command is an item of its own in sandprint.1's COMMANDS and
#      is named in its EXIT STATUS (with a control);
#   6. the usage lines of 'sandprint CMD --help' and the SYNOPSIS of
#      sandprint-CMD.1 name the same options, form by form (each form
#      starts with "sandprint CMD"; with a control);
#   7. every line of each --help fits 80 columns, with no trailing blank;
#   8. the KEPT ARGUMENTS of sandprint-formats.5 list each argument of
#      analyzer/argkind.def (beside MANDIR), with its index, its width
#      and its mark (* for --args auto, + for one another picks), and no
#      other (with a control);
#   9. every profile format of cli/format.c has its section in
#      sandprint-formats.5 ("(-f NAME)"; json's is PROFILE (OCI JSON));
#  10. each call of analyzer/runtime.def is named in the item of its
#      runtime (crun, runc) under --runtime in sandprint-profile.1.
#
# Output: one "ok ..." or "FAIL ...: why" line per check, then
# "N passed, M failed".  Exit 0 when all passed, 1 otherwise, 2 on bad
# usage.  Needs groff (Debian's groff-base).
set -u
. "$(dirname -- "$0")/lib.sh"

if [ $# -ne 2 ]; then
	echo "usage: man.sh SANDPRINT MANDIR" >&2
	exit 2
fi
SP="$1"
MAN="$2"
[ -x "$SP" ] || { echo "man.sh: $SP is not an executable" >&2; exit 2; }
[ -d "$MAN" ] || { echo "man.sh: no directory $MAN" >&2; exit 2; }

sp_begin man


# options HELPFILE: the option tokens of a --help text, one per line.  A
# token starts after the start of a line, a blank, '[', '(', '|' or ',',
# so that words like kill-process and "- for stdout" are not taken.
options() {
	grep -oE '(^|[][[:space:](|,])--?[[:alnum:]][[:alnum:]-]*' "$1" |
		sed -E 's/^[^-]*//' | sort -u
}

# plain PAGE: the page's text with \- as -, font escapes and \& removed.
plain() {
	sed -E -e 's/\\f\[[^]]*\]//g' -e 's/\\f\(..//g' -e 's/\\f.//g' \
		-e 's/\\&//g' -e 's/\\-/-/g' "$1"
}

# missing HELPFILE PAGE: prints the options of HELPFILE not in PAGE.
missing() {
	local text="$WORK/page.txt" tok
	plain "$2" >"$text"
	options "$1" | while read -r tok; do
		grep -qE -- "(^|[^[:alnum:]-])${tok}([^[:alnum:]-]|\$)" "$text" ||
			echo "$tok"
	done
}

if ! command -v groff >/dev/null 2>&1; then
	bad "groff" "groff not found (apt-get install groff-base)"
else
	for page in "$MAN"/*.[15]; do
		[ -e "$page" ] || continue
		out="$(groff -man -ww -z "$page" 2>&1)"
		if [ -z "$out" ]; then
			ok "groff ${page##*/}"
		else
			bad "groff ${page##*/}" "$(printf '%s' "$out" | head -n 3 | tr '\n' ' ')"
		fi
	done
fi

# The commands, from the "Commands:" section of sandprint --help.
if ! "$SP" --help >"$WORK/main.help" 2>&1; then
	bad "sandprint --help" "exit status $?"
fi
cmds="$(sed -n '/^Commands:/,/^$/p' "$WORK/main.help" | awk 'NR > 1 && NF { print $1 }')"
if [ -z "$cmds" ]; then
	bad "commands" "no \"Commands:\" section in 'sandprint --help'"
fi

# check_page NAME HELPFILE PAGE
check_page() {
	local name="$1" help="$2" page="$3" miss n
	if [ ! -f "$page" ]; then
		bad "$name" "no page ${page##*/}"
		return
	fi
	n="$(options "$help" | wc -l)"
	if [ "$n" = 0 ]; then
		bad "$name" "no options found in the --help text"
		return
	fi
	miss="$(missing "$help" "$page" | tr '\n' ' ')"
	if [ -n "$miss" ]; then
		bad "$name" "${page##*/} lacks ${miss% }"
	else
		ok "$name ($n options in ${page##*/})"
	fi
}

[ -f "$MAN/sandprint-formats.5" ] && ok "page sandprint-formats.5" ||
	bad "page sandprint-formats.5" "missing"
check_page "options of sandprint" "$WORK/main.help" "$MAN/sandprint.1"
for c in $cmds; do
	if ! "$SP" "$c" --help >"$WORK/$c.help" 2>&1; then
		bad "options of sandprint $c" "'sandprint $c --help' failed"
		continue
	fi
	check_page "options of sandprint $c" "$WORK/$c.help" "$MAN/sandprint-$c.1"
done

# forms: the option tokens of synopsis lines on stdin, one "FORM: TOKEN"
# a line, FORM counting the lines that start a form (they name
# "sandprint CMD").
forms() {
	awk -v c="sandprint $1" 'index($0, c) { n++ } { print n ": " $0 }' |
		grep -oE '^[0-9]+:|(^|[][[:space:](|,])--?[[:alnum:]][[:alnum:]-]*' |
		awk '/^[0-9]+:$/ { f = $0; next } { sub(/^[^-]*/, ""); print f, $0 }' |
		sort -u
}
# synopsis_diff CMD HELPFILE PAGE: the options one of the two lists in a
# form and the other does not, "help" or "page" before each.
synopsis_diff() {
	awk '/^usage:/ { on = 1 } on && /^$/ { exit } on' "$2" | forms "$1" >"$WORK/syn.help"
	plain "$3" | awk '/^\.SH SYNOPSIS/ { on = 1; next } /^\.SH / { on = 0 } on' |
		forms "$1" >"$WORK/syn.page"
	comm -23 "$WORK/syn.help" "$WORK/syn.page" | sed 's/^/help /'
	comm -13 "$WORK/syn.help" "$WORK/syn.page" | sed 's/^/page /'
}
for c in $cmds; do
	[ -f "$WORK/$c.help" ] && [ -f "$MAN/sandprint-$c.1" ] || continue
	d="$(synopsis_diff "$c" "$WORK/$c.help" "$MAN/sandprint-$c.1" | tr '\n' ',')"
	[ -z "$d" ] && ok "synopsis of sandprint $c as its --help" ||
		bad "synopsis of sandprint $c as its --help" "only in: ${d%,}"
done
# wide FILE: its lines longer than 80 columns or ending in a blank.
wide() {
	awk 'length > 80 || /[[:space:]]$/ { print FILENAME ":" FNR }' "$1"
}
for h in "$WORK/main.help" $(printf "$WORK/%s.help " $cmds); do
	[ -f "$h" ] || continue
	w="$(wide "$h" | tr '\n' ' ')"
	[ -z "$w" ] && ok "${h##*/} fits 80 columns" ||
		bad "${h##*/} fits 80 columns" "${w% }"
done
printf '%81s\n' x >"$WORK/wide.help"
[ -n "$(wide "$WORK/wide.help")" ] &&
	ok "negative control (an 81-column line fails)" ||
	bad "negative control" "an 81-column line went unnoticed"
# Its control: the first command's page without its SYNOPSIS's last
# option line must differ.
c="$(printf '%s\n' $cmds | head -n 1)"
if [ -n "$c" ] && [ -f "$WORK/$c.help" ]; then
	awk '/^\.SH SYNOPSIS/ { on = 1 } /^\.SH DESC/ { on = 0 }
		on && /^\.RB \[ \\-/ { last = NR } { line[NR] = $0 }
		END { for (i = 1; i <= NR; i++) if (i != last) print line[i] }' \
		"$MAN/sandprint-$c.1" >"$WORK/cut.1"
	synopsis_diff "$c" "$WORK/$c.help" "$WORK/cut.1" | grep -q '^help ' &&
		ok "negative control (a synopsis without an option fails)" ||
		bad "negative control" "an option cut from sandprint-$c.1's SYNOPSIS went unnoticed"
fi

# Every command is an item of sandprint(1)'s COMMANDS (a .TP paragraph
# of its own) and has its statuses in EXIT STATUS.
# section PAGE NAME: the lines of section NAME of PAGE, as plain does.
section() {
	plain "$1" | awk -v s=".SH $2" '$0 == s { on = 1; next } /^\.SH / { on = 0 } on'
}
# undocumented PAGE: the commands PAGE lists without a .TP item or an
# exit status.
undocumented() {
	local c
	for c in $cmds; do
		section "$1" COMMANDS | grep -A1 -x '\.TP' | grep -qxF ".B $c" ||
			echo "$c (no item in COMMANDS)"
		section "$1" "EXIT STATUS" | grep -qE "^\.BR? $c( |\$)" ||
			echo "$c (not in EXIT STATUS)"
	done
}
miss="$(undocumented "$MAN/sandprint.1" | tr '\n' ',')"
[ -z "$miss" ] && ok "every command described in sandprint.1" ||
	bad "every command described in sandprint.1" "${miss%,}"
# Its control: a page where the last command lost its .TP.
last="$(printf '%s\n' $cmds | tail -n 1)"
plain "$MAN/sandprint.1" | awk -v c=".B $last" '
	prev == ".TP" && $0 == c { prev = ".PP" }
	NR > 1 { print prev } { prev = $0 } END { print prev }' >"$WORK/cut.1"
undocumented "$WORK/cut.1" | grep -q "^$last (no item" &&
	ok "negative control (a command without its .TP fails)" ||
	bad "negative control" "$last without .TP went unnoticed"

# Negative control: remove every mention of the first command's last
# long option from a copy of its page; the check must name it.
c="$(printf '%s\n' $cmds | head -n 1)"
if [ -n "$c" ] && [ -f "$MAN/sandprint-$c.1" ] && [ -f "$WORK/$c.help" ]; then
	tok="$(options "$WORK/$c.help" | grep -E '^--' | tail -n 1)"
	esc="$(printf '%s' "$tok" | sed 's/-/\\-/g')"
	grep -vF -e "$tok" -e "$esc" "$MAN/sandprint-$c.1" >"$WORK/cut.1"
	if [ -n "$tok" ] && missing "$WORK/$c.help" "$WORK/cut.1" | grep -qxF -- "$tok"; then
		ok "negative control (a page without $tok fails)"
	else
		bad "negative control" "removing '${tok:-?}' from sandprint-$c.1 went unnoticed"
	fi
fi

# kept_page PAGE: "NAME INDEX MARK BITS" for each argument the KEPT
# ARGUMENTS section lists, MARK "-" when unmarked.  An entry starts at
# ".BR NAME (" and names its indexes after "(", "\~" or ": ".
kept_page() {
	section "$1" "KEPT ARGUMENTS" | awk '
		function flush(  t, m) {
			t = text
			while (name != "" && match(t, /(\(|~|: )[0-9]+[*+]?/)) {
				m = substr(t, RSTART, RLENGTH)
				t = substr(t, RSTART + RLENGTH)
				sub(/^[^0-9]*/, "", m)
				mark = m ~ /[*+]$/ ? substr(m, length(m)) : "-"
				sub(/[*+]$/, "", m)
				print name, m, mark, bits
			}
			name = ""
		}
		tp { bits = $0 ~ /^64 bits/ ? 64 : $0 ~ /^32 bits/ ? 32 : bits; tp = 0 }
		/^\.BR [a-z0-9_]+ \(/ { flush(); name = $2; text = $0; next }
		/^\.(TP|PP|SH)/ { flush(); tp = /^\.TP/; next }
		{ text = text " " $0 }
		END { flush() }' | sort -u
}
# kept_diff PAGE DEF: what argkind.def has and PAGE lacks ("def ..."),
# and the indexes PAGE lists that DEF does not ("page NAME INDEX").
kept_diff() {
	sed -nE 's/^SP_ARG\(([a-z0-9_]+), ([0-9]+), [A-Z]+, ([0-9]+), ([A-Z]+)\).*/\1 \2 \4 \3/p' "$2" |
		sed -E 's/ AUTO / * /; s/ WHEN / + /; s/ [A-Z]+ / - /' | sort -u >"$WORK/kept.def"
	sed -nE 's/^SP_ARG_ARCH\([A-Z0-9_]+, ([a-z0-9_]+), ([0-9]+),.*/\1 \2/p' "$2" >"$WORK/kept.idx"
	cut -d' ' -f1,2 "$WORK/kept.def" >>"$WORK/kept.idx"
	kept_page "$1" >"$WORK/kept.page"
	comm -23 "$WORK/kept.def" "$WORK/kept.page" | sed 's/^/def /'
	cut -d' ' -f1,2 "$WORK/kept.page" | sort -u | comm -23 - "$(sort -u "$WORK/kept.idx" >"$WORK/kept.idx.s"; echo "$WORK/kept.idx.s")" | sed 's/^/page /'
}
DEF="$MAN/../analyzer/argkind.def"
if [ -f "$DEF" ]; then
	d="$(kept_diff "$MAN/sandprint-formats.5" "$DEF" | tr '\n' ',')"
	n="$(wc -l <"$WORK/kept.def")"
	[ -z "$d" ] && [ "$n" -gt 50 ] &&
		ok "KEPT ARGUMENTS of sandprint-formats.5 as argkind.def ($n)" ||
		bad "KEPT ARGUMENTS of sandprint-formats.5 as argkind.def" "only in: ${d%,}"
	# Its control: the page without its last entry, and with an index
	# argkind.def does not keep.
	plain "$MAN/sandprint-formats.5" | awk '/^\.SH / { on = $0 == ".SH KEPT ARGUMENTS" }
		on && /^\.BR [a-z0-9_]+ \(/ { last = NR } { l[NR] = $0 }
		END { for (i = 1; i <= NR; i++) if (i != last) print l[i] }' |
		sed -E 's/^\.BR kill \(1\)/.BR kill (1,\\~5)/' >"$WORK/cut.5"
	d="$(kept_diff "$WORK/cut.5" "$DEF")"
	printf '%s\n' "$d" | grep -q '^def ' && printf '%s\n' "$d" | grep -qx 'page kill 5' &&
		ok "negative control (a kept argument left out or added fails)" ||
		bad "negative control" "an entry cut from KEPT ARGUMENTS went unnoticed: $d"
else
	bad "KEPT ARGUMENTS" "no $DEF"
fi

# Every format -f takes has its section (json's is the OCI one).
FMTS="$MAN/../cli/format.c"
fmts="$(sed -n '/format_names\[\] = {/,/^};/p' "$FMTS" 2>/dev/null | grep -oE '\] = "[a-z0-9-]+"' | cut -d'"' -f2)"
miss=
for f in $fmts; do
	[ "$f" = json ] && continue
	plain "$MAN/sandprint-formats.5" | grep -qE "^\.SH .*\(-f $f\)\$" ||
		miss="$miss $f"
done
[ "$(printf '%s\n' $fmts | wc -l)" -ge 8 ] && [ -z "$miss" ] &&
	ok "every -f format has its section in sandprint-formats.5" ||
	bad "every -f format has its section in sandprint-formats.5" "missing:${miss:- no format list in $FMTS}"

# window_missing PAGE DEF: the runtime.def calls PAGE's --runtime list of
# their runtime does not name, as "RUNTIME NAME".
window_missing() {
	local rt
	for rt in crun runc; do
		plain "$1" | awk -v rt=".B $rt" '
			prev == ".TP" && $0 == rt { on = 1 }
			on && prev == ".TP" && $0 != rt { on = 0 }
			/^\.RE/ { on = 0 } on { print } { prev = $0 }' >"$WORK/window.$rt"
		sed -nE "s/^SP_RUNTIME_(CALL|ARG)\(${rt^^}, [A-Z]+, ([a-z0-9_]+).*/\2/p" "$2" |
			sort -u | while read -r c; do
				grep -qE "^\.BR? $c( |\$)" "$WORK/window.$rt" || echo "$rt $c"
			done
	done
}
RTDEF="$MAN/../analyzer/runtime.def"
d="$(window_missing "$MAN/sandprint-profile.1" "$RTDEF" | tr '\n' ',')"
n="$(grep -cE '^SP_RUNTIME_(CALL|ARG)\(' "$RTDEF" 2>/dev/null)"
[ -z "$d" ] && [ "${n:-0}" -gt 20 ] &&
	ok "the runtime windows of sandprint-profile.1 as runtime.def ($n)" ||
	bad "the runtime windows of sandprint-profile.1 as runtime.def" "missing: ${d%,}${n:+}"
# Its control: the page without runc's getdents64.
grep -v '^\.BR getdents64 ,$' "$MAN/sandprint-profile.1" >"$WORK/cut.1"
window_missing "$WORK/cut.1" "$RTDEF" | grep -qx 'runc getdents64' &&
	ok "negative control (a runtime call left out of the page fails)" ||
	bad "negative control" "runc's getdents64 cut from sandprint-profile.1 went unnoticed"

sp_end
