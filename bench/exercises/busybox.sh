# busybox-static sh: train echoes and does arithmetic; test uses other
# builtins (cd, umask, ulimit, read, times, trap, wait) and applets.
. ./common.sh
B=/bin/busybox
case $1 in
train)
	$B sh -c 'a=1; echo "hello $((a + 1))"' >/dev/null || exit 1
	;;
test)
	$B sh -c '
		cd /tmp || exit 1
		umask 022
		ulimit -n >/dev/null
		read x <<EOT
word
EOT
		[ "$x" = word ] || exit 1
		times >/dev/null
		trap "echo bye >/dev/null" EXIT
		busybox ls / | busybox wc -l >/dev/null
		busybox sleep 0.1 &
		wait
	' || exit 1
	;;
esac
