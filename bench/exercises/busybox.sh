# busybox-static sh: train echoes and does arithmetic; test uses other
# builtins (cd, umask, ulimit, read, times, trap, wait) and applets.
prepare() {
	cat >"$D/test.sh" <<'SH'
cd /tmp || exit 1
umask 022
ulimit -n >/dev/null
read x <<EOT
word
EOT
[ "$x" = word ] || exit 1
times >/dev/null
trap 'echo bye >/dev/null' EXIT
busybox ls / | busybox wc -l >/dev/null
busybox sleep 0.1 &
wait
SH
}
TRAIN=(/bin/busybox sh -c 'a=1; echo "hello $((a + 1))"')
TEST=(/bin/busybox sh "$D/test.sh")
