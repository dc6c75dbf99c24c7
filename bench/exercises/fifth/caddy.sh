# Caddy 2.6 (Go): HTTP and HTTPS on unix sockets, its own certificate
# authority (tls internal: keys, a root, an intermediate and a leaf
# certificate written to its storage), an admin API on a unix socket,
# and its configuration file watched (--watch).  Train gets a page over
# HTTP.  Test gets a page compressed, a directory's listing, a page over
# HTTPS (TLS 1.3), pages proxied to a backend on the host (another unix
# socket), eight at once, the running configuration from the admin API,
# a changed configuration file reloaded by the watch, and a new
# configuration posted to the admin API (/load).
. ./backend.inc
export XDG_CONFIG_HOME="$D/cfg" XDG_DATA_HOME="$D/share"
prepare() {
	rm -rf "$D/c.sock" "$D/s.sock" "$D/admin.sock" "$D/state" "$D/cfg" "$D/share"
	mkdir -p "$D/www/dir"
	echo hello >"$D/www/index.html"
	seq 1 20000 >"$D/www/big.txt"
	echo a >"$D/www/dir/a.txt"
	caddyfile one
}
# caddyfile WORD: the configuration, whose /word answers WORD.
caddyfile() {
	cat >"$D/Caddyfile.new" <<CONF
{
	admin unix/$D/admin.sock {
		origins localhost
	}
	storage file_system $D/state
	skip_install_trust
	auto_https disable_redirects
}
http://x {
	bind unix/$D/c.sock
	respond /word "$1"
	handle_path /api/* {
		reverse_proxy unix/$D/b.sock
	}
	root * $D/www
	encode gzip
	file_server browse
}
https://x {
	bind unix/$D/s.sock
	tls internal
	respond "secure {tls_version}"
}
CONF
	mv "$D/Caddyfile.new" "$D/Caddyfile"
}
EXE=/usr/bin/caddy
SERVER=($EXE run --config "$D/Caddyfile" --adapter caddyfile --watch)
get() { /usr/bin/curl -sf --max-time 10 --unix-socket "$D/c.sock" "$@"; }
admin() { /usr/bin/curl -sf --max-time 10 --unix-socket "$D/admin.sock" "$@"; }
ready() { [ "$(get http://x/)" = hello ]; }
client_train() { [ "$(get http://x/index.html)" = hello ]; }
# word WORD: /word answers WORD (for wait_for).
word() { [ "$(get http://x/word)" = "$1" ]; }
client_test() {
	local i pids=""
	backend || return 1
	[ "$(get --compressed http://x/big.txt | wc -l)" = 20000 ] &&
	get -H 'Accept-Encoding: gzip' http://x/big.txt | gzip -t &&
	get http://x/dir/ | grep -q a.txt &&
	[ "$(/usr/bin/curl -sfk --max-time 10 --unix-socket "$D/s.sock" \
		https://x/)" = "secure tls1.3" ] &&
	[ "$(get http://x/api/index.txt)" = hello ] || return 1
	for i in 1 2 3 4 5 6 7 8; do
		[ "$(get http://x/api/big | wc -c)" = 200000 ] &
		pids="$pids $!"
	done
	wait $pids || return 1
	admin http://localhost/config/ | grep -q "$D/c.sock" &&
	word one && caddyfile two && wait_for word two || return 1
	admin http://localhost/config/ | sed 's/"body":"two"/"body":"three"/' |
		admin -H 'Content-Type: application/json' --data-binary @- \
			http://localhost/load &&
	wait_for word three && ready
}
