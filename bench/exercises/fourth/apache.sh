# Apache httpd 2.4 (event MPM): a parent process, child processes of
# worker threads, mod_cgid's daemon forking CGI scripts, mod_deflate.
# It cannot switch users in a container without CAP_SETUID: it runs as
# www-data (RUNAS) on a port above 1024, reached from the host in the
# container's network namespace (nsenter -n, as the third set's DNS
# servers).  Train fetches a page; test fetches a missing page, a HEAD,
# a byte range, a gzip-compressed page, a directory's index, a CGI
# script's output (POST), eight pages at once, and pages again after a
# graceful restart (SIGUSR1).  It stops on SIGTERM to the parent.
RUNAS=www-data
M=/usr/lib/apache2/modules
prepare() {
	rm -rf "$D/run" "$D"/*.log
	mkdir -p "$D/www/dir" "$D/cgi" "$D/run"
	echo hello >"$D/www/index.html"
	seq 1 20000 >"$D/www/big.txt"
	echo a >"$D/www/dir/a.txt"
	cat >"$D/cgi/t.sh" <<'SH'
#!/bin/sh
echo "Content-Type: text/plain"
echo
echo "method $REQUEST_METHOD"
head -c "$CONTENT_LENGTH" | wc -c
SH
	chmod 755 "$D/cgi/t.sh"
	cat >"$D/httpd.conf" <<CONF
ServerRoot "$D"
ServerName localhost
Listen 127.0.0.1:8080
PidFile "$D/run/httpd.pid"
DefaultRuntimeDir "$D/run"
ErrorLog "$D/error.log"
LogLevel warn
LoadModule mpm_event_module $M/mod_mpm_event.so
LoadModule authz_core_module $M/mod_authz_core.so
LoadModule mime_module $M/mod_mime.so
LoadModule dir_module $M/mod_dir.so
LoadModule autoindex_module $M/mod_autoindex.so
LoadModule alias_module $M/mod_alias.so
LoadModule cgid_module $M/mod_cgid.so
LoadModule filter_module $M/mod_filter.so
LoadModule deflate_module $M/mod_deflate.so
TypesConfig /etc/mime.types
StartServers 2
ServerLimit 4
ThreadsPerChild 4
MaxRequestWorkers 16
ScriptSock "$D/run/cgid.sock"
LogFormat "%h %l %u %t \"%r\" %>s %b" common
CustomLog "$D/access.log" common
DocumentRoot "$D/www"
<Directory "$D/www">
	Options Indexes
	Require all granted
</Directory>
ScriptAlias /cgi/ "$D/cgi/"
<Directory "$D/cgi">
	Require all granted
</Directory>
AddOutputFilterByType DEFLATE text/plain
CONF
}
EXE=/usr/sbin/apache2
SERVER=($EXE -f "$D/httpd.conf" -DFOREGROUND)
# parent: the server's parent process (its executable, with the data
# directory in its arguments, whose parent is not), as the host sees it:
# its pid file holds the container's pid.
parent() {
	main_process "$D/httpd.conf"
}
# g [CURL ARG...]: curl in the server's network namespace.
g() {
	local p
	p=$(parent) || return 1
	nsenter -t "$p" -n /usr/bin/curl -sf --max-time 10 "$@"
}
ready() { [ "$(g http://127.0.0.1:8080/)" = hello ]; }
client_train() { [ "$(g http://127.0.0.1:8080/index.html)" = hello ]; }
client_test() {
	local i pids="" p
	g -o /dev/null http://127.0.0.1:8080/nothere && return 1
	g -I http://127.0.0.1:8080/big.txt | grep -q '200 OK' &&
	[ "$(g -r 6-9 http://127.0.0.1:8080/big.txt)" = "$(printf '4\n5\n')" ] &&
	[ "$(g --compressed http://127.0.0.1:8080/big.txt | wc -l)" = 20000 ] &&
	g -H 'Accept-Encoding: gzip' http://127.0.0.1:8080/big.txt |
		gzip -t &&
	g http://127.0.0.1:8080/dir/ | grep -q a.txt &&
	[ "$(g --data-binary 12345 http://127.0.0.1:8080/cgi/t.sh)" = "$(printf 'method POST\n5')" ] ||
		return 1
	for i in 1 2 3 4 5 6 7 8; do
		[ "$(g http://127.0.0.1:8080/big.txt | wc -l)" = 20000 ] &
		pids="$pids $!"
	done
	wait $pids || return 1
	p=$(parent) && kill -USR1 "$p" || return 1
	sleep 1
	wait_for ready &&
	[ "$(g --data-binary 1 http://127.0.0.1:8080/cgi/t.sh)" = "$(printf 'method POST\n1')" ]
}
stop() {
	local p
	p=$(parent) && kill -TERM "$p"
}
