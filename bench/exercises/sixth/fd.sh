# fd 8.6 (fd-find, Rust): a parallel directory walk on a thread pool
# (the ignore crate's workers, a channel to the printer thread),
# .gitignore and .ignore files, regular expressions, commands run per
# result on threads (-x) and once for all (-X).  Train lists a tree's
# .txt files; test searches by regular expression and glob, with hidden
# and ignored files, by type and size and modification time, lists as
# ls -l (-l runs ls), runs a command per result on 2 threads and once
# for all, follows a symbolic link and prints NUL-separated results.
prepare() {
	rm -rf "$D/t"
	mkdir -p "$D/t"
	for i in $(seq 1 60); do
		mkdir -p "$D/t/d$((i % 7))/e$((i % 3))"
		echo "$i" >"$D/t/d$((i % 7))/e$((i % 3))/f$i.txt"
		echo "$i" >"$D/t/d$((i % 7))/g$i.log"
	done
	mkdir -p "$D/t/.hid" "$D/t/ign"
	echo x >"$D/t/.hid/h.txt"
	echo x >"$D/t/ign/i.txt"
	echo ign >"$D/t/.ignore"
	mkdir -p "$D/t/.git" && echo '*.log' >"$D/t/.gitignore"
	ln -s d1 "$D/t/link"
	cat >"$D/test.sh" <<SH
F=/usr/bin/fdfind
cd "$D/t" || exit 1
[ "\$(\$F -t f '^f1[0-9]\.txt\$' | wc -l)" = 10 ] || exit 1
[ "\$(\$F -g '*.log' --no-ignore | wc -l)" = 60 ] || exit 1
[ "\$(\$F -g '*.log' | wc -l)" = 0 ] || exit 1
\$F -H h.txt | grep -q hid || exit 1
\$F -I i.txt | grep -q ign || exit 1
\$F -t d e1 >/dev/null || exit 1
\$F -S -1k -e txt --changed-within 1d >/dev/null || exit 1
\$F -l -e txt '^f33' | grep -q 'f33.txt' || exit 1
[ "\$(\$F -e txt -j 2 -x cat | wc -l)" = 60 ] || exit 1
\$F -e txt -X wc -l | grep -q total || exit 1
\$F -L -e txt . link | grep -q link/ || exit 1
[ "\$(\$F -0 -e txt | tr -cd '\0' | wc -c)" = 60 ]
SH
}
TRAIN=(/bin/sh -c 'cd "$1/t" && /usr/bin/fdfind -e txt >/dev/null' sh "$D")
TEST=(/bin/sh "$D/test.sh")
