# git: train makes a repository and a commit; test reads the history,
# diffs, branches and merges, greps, clones (an upload-pack child),
# archives into tar and packs (gc, pack-objects' threads).
prepare() {
	rm -rf "$D/r0" "$D/r" "$D/c" "$D/ar"
	mkdir -p "$D/r0" "$D/ar"
	G="git -c user.name=t -c user.email=t@x -c init.defaultBranch=main"
	$G init -q "$D/r"
	for i in 1 2 3; do
		echo "line $i" >>"$D/r/f.txt"
		$G -C "$D/r" add f.txt
		$G -C "$D/r" commit -q -m "c$i"
	done
	cat >"$D/train.sh" <<SH
G="/usr/bin/git -c user.name=t -c user.email=t@x -c init.defaultBranch=main"
cd "$D/r0" && \$G init -q . && echo a >a && \$G add a && \$G commit -q -m one
SH
	cat >"$D/test.sh" <<SH
G="/usr/bin/git -c user.name=t -c user.email=t@x -c init.defaultBranch=main"
cd "$D/r" || exit 1
\$G log --oneline | grep -q c2 || exit 1
\$G diff HEAD~2 --stat >/dev/null || exit 1
\$G checkout -q -b b && echo b >b.txt && \$G add b.txt &&
	\$G commit -q -m b && \$G checkout -q main &&
	\$G merge -q --no-edit b || exit 1
\$G grep -q 'line 2' || exit 1
\$G status --short >/dev/null || exit 1
\$G clone -q "file://$D/r" "$D/c" || exit 1
\$G archive HEAD | tar -x -C "$D/ar" || exit 1
\$G gc -q || exit 1
\$G fsck --no-progress 2>/dev/null
SH
}
TRAIN=(/bin/sh "$D/train.sh")
TEST=(/bin/sh "$D/test.sh")
