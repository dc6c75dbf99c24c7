# node: an HTTP server (nodeserve.js): train fetches one page; test reads
# a file, hashes with the thread pool, compresses and waits on timers.
. ./common.sh
N=/usr/bin/node
$N "$PWD/nodeserve.js" 18084 "$D" &
pid=$!
wait_for /usr/bin/curl -sf http://127.0.0.1:18084/ -o /dev/null || exit 1
case $1 in
train)
	/usr/bin/curl -sf http://127.0.0.1:18084/ | grep -q hello || exit 1
	;;
test)
	echo data >"$D/file.txt"
	/usr/bin/curl -sf http://127.0.0.1:18084/file | grep -q data || exit 1
	/usr/bin/curl -sf http://127.0.0.1:18084/hash | grep -q '^[0-9a-f]\{64\}$' || exit 1
	/usr/bin/curl -sf --compressed http://127.0.0.1:18084/gzip | grep -q zipped || exit 1
	/usr/bin/curl -sf http://127.0.0.1:18084/timer | grep -q waited || exit 1
	;;
esac
kill $pid
wait $pid
exit 0
