# lighttpd: train fetches one file; test lists a directory, misses a
# file, asks for headers, fetches a large file and runs a CGI script
# (a child process through /bin/sh).
prepare() {
	mkdir -p "$D/www/dir" "$D/www/cgi" "$D/lt"
	rm -f "$D/l.sock"
	echo hello >"$D/www/index.html"
	head -c 300000 /dev/zero | tr '\0' a >"$D/www/big"
	printf 'printf "Content-Type: text/plain\\r\\n\\r\\ncgi ok\\n"\n' \
		>"$D/www/cgi/t.sh"
	cat >"$D/lt/lighttpd.conf" <<CONF
server.document-root = "$D/www"
server.bind = "$D/l.sock"
server.errorlog = "$D/lt/error.log"
server.upload-dirs = ( "$D/lt" )
server.modules = ( "mod_dirlisting", "mod_cgi" )
mimetype.assign = ( ".html" => "text/html" )
\$HTTP["url"] =~ "^/dir/" { dir-listing.activate = "enable" }
\$HTTP["url"] =~ "^/cgi/" { cgi.assign = ( ".sh" => "/bin/sh" ) }
CONF
}
EXE=/usr/sbin/lighttpd
SERVER=($EXE -D -f "$D/lt/lighttpd.conf")
get() { /usr/bin/curl -s --unix-socket "$D/l.sock" "$@"; }
ready() { get -f http://x/index.html -o /dev/null; }
client_train() { [ "$(get http://x/index.html)" = hello ]; }
client_test() {
	get -f http://x/dir/ | grep -q 'Index of' &&
	[ "$(get -o /dev/null -w '%{http_code}' http://x/nope)" = 404 ] &&
	get -fI http://x/big | grep -q 300000 &&
	[ "$(get http://x/big http://x/big | wc -c)" = 600000 ] &&
	get -f http://x/cgi/t.sh | grep -q 'cgi ok'
}
