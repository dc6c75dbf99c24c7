# nginx: train fetches one file; test lists a directory, misses a file,
# asks for headers only and fetches a large file (sendfile) twice on one
# connection.
prepare() {
	# nginx hands its temporary directories to its worker user: they
	# are apart from its pid file and logs, which root (without
	# CAP_DAC_OVERRIDE in the container) must write.
	mkdir -p "$D/www/dir" "$D/nginx/logs" "$D/nginx/tmp"
	rm -f "$D/n.sock"
	echo hello >"$D/www/index.html"
	head -c 300000 /dev/zero | tr '\0' a >"$D/www/big"
	cat >"$D/nginx/nginx.conf" <<CONF
daemon off;
master_process off;
pid $D/nginx/nginx.pid;
error_log $D/nginx/logs/error.log;
events { worker_connections 64; }
http {
	access_log $D/nginx/logs/access.log;
	client_body_temp_path $D/nginx/tmp;
	proxy_temp_path $D/nginx/tmp;
	fastcgi_temp_path $D/nginx/tmp;
	uwsgi_temp_path $D/nginx/tmp;
	scgi_temp_path $D/nginx/tmp;
	sendfile on;
	server {
		listen unix:$D/n.sock;
		root $D/www;
		location /dir/ { autoindex on; }
	}
}
CONF
}
EXE=/usr/sbin/nginx
SERVER=($EXE -p "$D/nginx" -c "$D/nginx/nginx.conf")
STOP=QUIT
get() { /usr/bin/curl -s --unix-socket "$D/n.sock" "$@"; }
ready() { get -f http://x/index.html -o /dev/null; }
client_train() { [ "$(get http://x/index.html)" = hello ]; }
client_test() {
	get -f http://x/dir/ | grep -q 'Index of' &&
	[ "$(get -o /dev/null -w '%{http_code}' http://x/nope)" = 404 ] &&
	get -fI http://x/big | grep -q 300000 &&
	[ "$(get http://x/big http://x/big | wc -c)" = 600000 ]
}
