# web: nginx in front of a Python application on the pod's loopback
# (127.0.0.1:8081), its own socket a unix one in the volume for the
# host's client.  Train fetches a static file and the greeting; test
# adds two items and lists them, asks for a hash, misses a static file
# and fetches a large one (sendfile), headers only then twice on one
# connection.
prepare() {
	mkdir -p "$D/www" "$D/nginx/logs" "$D/nginx/tmp"
	rm -f "$D/web.sock" "$D/items.json"
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
		listen unix:$D/web.sock;
		location /static/ { alias $D/www/; }
		location /api/ { proxy_pass http://127.0.0.1:8081; }
	}
}
CONF
}
MEMBERS=(app nginx)
files_app=(/usr/bin/python3 /usr/lib/python3.11 "$d/podapp.py")
cmd_app=(/usr/bin/python3 "$d/podapp.py" 127.0.0.1 8081 "$D")
files_nginx=(/usr/sbin/nginx)
cmd_nginx=(/usr/sbin/nginx -p "$D/nginx" -c "$D/nginx/nginx.conf")
get() { /usr/bin/curl -s --unix-socket "$D/web.sock" "$@"; }
ready() { get -f http://x/api/hello -o /dev/null; }
client_train() {
	[ "$(get http://x/static/index.html)" = hello ] &&
	get -f http://x/api/hello | grep -q '"pod"'
}
client_test() {
	get -f -X POST -d '{"name": "a"}' http://x/api/items | grep -q '"count": 1' &&
	get -f -X POST -d '{"name": "b"}' http://x/api/items | grep -q '"count": 2' &&
	[ "$(get -f http://x/api/items)" = '[{"name": "a"}, {"name": "b"}]' ] &&
	get -f 'http://x/api/hash?s=abc' | grep -q ba7816bf &&
	[ "$(get -o /dev/null -w '%{http_code}' http://x/static/nope)" = 404 ] &&
	get -fI http://x/static/big | grep -q 300000 &&
	[ "$(get http://x/static/big http://x/static/big | wc -c)" = 600000 ]
}
