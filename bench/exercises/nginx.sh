# nginx: train fetches one file; test lists a directory, misses a file,
# asks for headers only and fetches a large file (sendfile) twice on one
# connection.
. ./common.sh
N=/usr/sbin/nginx
mkdir -p "$D/www/dir" "$D/nginx/logs"
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
	client_body_temp_path $D/nginx;
	proxy_temp_path $D/nginx;
	fastcgi_temp_path $D/nginx;
	uwsgi_temp_path $D/nginx;
	scgi_temp_path $D/nginx;
	sendfile on;
	server {
		listen 127.0.0.1:18081;
		root $D/www;
		location /dir/ { autoindex on; }
	}
}
CONF
$N -p "$D/nginx" -c "$D/nginx/nginx.conf" &
pid=$!
wait_for /usr/bin/curl -sf http://127.0.0.1:18081/index.html -o /dev/null || exit 1
case $1 in
train)
	[ "$(/usr/bin/curl -s http://127.0.0.1:18081/index.html)" = hello ] || exit 1
	;;
test)
	/usr/bin/curl -sf http://127.0.0.1:18081/dir/ | grep -q 'Index of' || exit 1
	[ "$(/usr/bin/curl -s -o /dev/null -w '%{http_code}' http://127.0.0.1:18081/nope)" = 404 ] || exit 1
	/usr/bin/curl -sfI http://127.0.0.1:18081/big | grep -q 300000 || exit 1
	[ "$(/usr/bin/curl -s http://127.0.0.1:18081/big http://127.0.0.1:18081/big | wc -c)" = 600000 ] || exit 1
	;;
esac
kill -QUIT $pid
wait $pid
exit 0
