# A Go HTTP server (goserve.go, built by survive.sh): train fetches one
# page; test fetches JSON from many clients at once and a file.
. ./common.sh
G=$PWD/goserve
$G 127.0.0.1:18083 "$D" &
pid=$!
wait_for /usr/bin/curl -sf http://127.0.0.1:18083/ -o /dev/null || exit 1
case $1 in
train)
	/usr/bin/curl -sf http://127.0.0.1:18083/ | grep -q hello || exit 1
	;;
test)
	echo data >"$D/file.txt"
	for i in 1 2 3 4 5 6 7 8; do
		/usr/bin/curl -sf "http://127.0.0.1:18083/json?n=$i" >/dev/null &
	done
	wait %2 %3 %4 %5 %6 %7 %8 %9 2>/dev/null
	/usr/bin/curl -sf http://127.0.0.1:18083/file | grep -q data || exit 1
	/usr/bin/curl -sf "http://127.0.0.1:18083/json?n=100000" | grep -q sum || exit 1
	;;
esac
kill $pid
wait $pid
exit 0
