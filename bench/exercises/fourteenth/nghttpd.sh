# nghttpd 1.52 (nghttp2-server): an HTTP/2 server of libev event loops
# on worker threads (-n), over TLS with ALPN (OpenSSL), HPACK header
# compression, server push, flow control windows.  Its clients (nghttp,
# nghttp2-client) run on the host in the container's network namespace.
# Train fetches one file.
# Test fetches a page with its assets (-a: the CSS and image it links)
# and the pushes the server adds (-p), 8 streams of a 1 MB file at once
# on one connection (-m) with small flow control windows (-w, -W), a
# missing file (404), a HEAD-like header-only request with extra
# headers, an upload echoed back (--echo-upload), and 4 clients at once.
prepare() {
	rm -rf "$D/pub" "$D/key.pem" "$D/cert.pem" "$D/up"
	mkdir -p "$D/pub/css"
	echo hello >"$D/pub/index.txt"
	cat >"$D/pub/page.html" <<HTML
<html><head><link rel="stylesheet" href="/css/a.css"></head>
<body><img src="/pic.png">page</body></html>
HTML
	echo 'body { color: red }' >"$D/pub/css/a.css"
	head -c 3000 /dev/zero >"$D/pub/pic.png"
	head -c 1000000 /dev/zero | tr '\0' b >"$D/pub/big"
	seq 1 30000 >"$D/up"
	/usr/bin/openssl req -x509 -newkey rsa:2048 -nodes -days 2 \
		-subj /CN=localhost -keyout "$D/key.pem" -out "$D/cert.pem"
}
EXE=/usr/sbin/nghttpd
SERVER=($EXE -a 127.0.0.1 -n 2 -d "$D/pub" --echo-upload
	-p /page.html=/index.txt 18443 "$D/key.pem" "$D/cert.pem")
# It has no handler of SIGTERM: as the container's process 1 it would
# ignore it.
STOP=KILL
STOPPED=137
h2() { in_netns "$D/pub" /usr/bin/nghttp "$@"; }
U=https://127.0.0.1:18443
ready() { h2 -n "$U/index.txt"; }
client_train() { h2 "$U/index.txt" | grep -q hello; }
client_test() {
	local i pids=() st=0
	h2 -a -s "$U/page.html" >page.out || return 1
	grep -q "color: red" page.out && grep -q hello page.out || return 1
	[ "$(h2 -m 8 -w 16 -W 18 "$U/big" | wc -c)" = 8000000 ] || return 1
	h2 -v "$U/nope" | grep -q ':status: 404' || return 1
	h2 -v -H 'x-test: 1' -H 'accept-encoding: gzip' "$U/css/a.css" |
		grep -q ':status: 200' || return 1
	h2 -d "$D/up" "$U/echo" | cmp - "$D/up" || return 1
	for i in 1 2 3 4; do
		h2 -n -m 3 "$U/big" & pids+=($!)
	done
	for i in "${pids[@]}"; do wait "$i" || st=1; done
	return $st
}
