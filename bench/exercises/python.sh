# python3 -m http.server: train fetches one file; test lists a
# directory, misses a file, asks for headers and fetches from several
# clients at once.
. ./common.sh
P=/usr/bin/python3
mkdir -p "$D/pub/sub"
echo hello >"$D/pub/index.txt"
$P -m http.server --bind 127.0.0.1 --directory "$D/pub" 18082 \
	>/dev/null 2>&1 &
pid=$!
wait_for /usr/bin/curl -sf http://127.0.0.1:18082/index.txt -o /dev/null || exit 1
case $1 in
train)
	/usr/bin/curl -sf http://127.0.0.1:18082/index.txt | grep -q hello || exit 1
	;;
test)
	/usr/bin/curl -sf http://127.0.0.1:18082/sub/ | grep -q 'Directory listing' || exit 1
	[ "$(/usr/bin/curl -s -o /dev/null -w '%{http_code}' http://127.0.0.1:18082/nope)" = 404 ] || exit 1
	/usr/bin/curl -sfI http://127.0.0.1:18082/index.txt | grep -q 200 || exit 1
	for i in 1 2 3 4; do
		/usr/bin/curl -sf http://127.0.0.1:18082/index.txt >/dev/null &
	done
	wait %2 %3 %4 %5 2>/dev/null
	;;
esac
kill $pid
wait $pid
exit 0
