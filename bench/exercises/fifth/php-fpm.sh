# PHP 8.2 FPM (a FastCGI process manager): a master process and a pool
# of PHP workers it grows and shrinks on demand (pm = dynamic) and
# recycles after some requests, on a unix socket; its clients are
# cgi-fcgi on the host.  Train runs one page.  Test runs a POST, a
# session kept in files, a page that runs a shell command, eight slow
# pages at once (the pool grows), the slow log (the master reads a
# worker's stack with ptrace when a request passes
# request_slowlog_timeout), the pool's status page, enough requests to
# recycle workers, and pages again after a graceful reload (SIGUSR2: the
# master executes itself again).  It stays root (-R): the container has
# no CAP_SETUID.
prepare() {
	rm -rf "$D"/fpm.* "$D/sess" "$D"/*.log
	mkdir -p "$D/sess"
	cat >"$D/fpm.conf" <<CONF
[global]
pid = $D/fpm.pid
error_log = $D/fpm.log
daemonize = no
[www]
listen = $D/fpm.sock
pm = dynamic
pm.max_children = 6
pm.start_servers = 1
pm.min_spare_servers = 1
pm.max_spare_servers = 2
pm.max_requests = 20
pm.status_path = /status
ping.path = /ping
slowlog = $D/slow.log
request_slowlog_timeout = 1s
php_admin_value[session.save_path] = $D/sess
CONF
	echo '<?php echo "hello ", 1 + 1, "\n";' >"$D/t.php"
	echo '<?php echo strtoupper($_POST["a"]), "\n";' >"$D/post.php"
	cat >"$D/s.php" <<'PHP'
<?php
session_id("abc123");
session_start();
$_SESSION["n"] = ($_SESSION["n"] ?? 0) + 1;
echo $_SESSION["n"], "\n";
PHP
	echo '<?php echo shell_exec("echo from the shell");' >"$D/sh.php"
	echo '<?php usleep((int)$_GET["ms"] * 1000); echo getmypid(), "\n";' >"$D/slow.php"
}
EXE=/usr/sbin/php-fpm8.2
SERVER=($EXE -F -R -y "$D/fpm.conf")
# page SCRIPT [QUERY]: the body of a GET of SCRIPT (a file in $D or a
# path the pool answers itself).
page() {
	local f=$1 n=$1
	case $f in /*) ;; *) f="$D/$1" n="/$1" ;; esac
	env -i SCRIPT_FILENAME="$f" SCRIPT_NAME="$n" REQUEST_METHOD=GET \
		QUERY_STRING="${2:-}" /usr/bin/cgi-fcgi -bind -connect "$D/fpm.sock" |
		sed '1,/^\r\{0,1\}$/d'
}
ready() { [ "$(page /ping)" = pong ]; }
client_train() { [ "$(page t.php)" = "hello 2" ]; }
# slowlogged: the slow log has a worker's stack (for wait_for).
slowlogged() { grep -q 'usleep()' "$D/slow.log"; }
client_test() {
	local i pids=""
	[ "$(printf a=xyz | env -i SCRIPT_FILENAME="$D/post.php" \
		SCRIPT_NAME=/post.php REQUEST_METHOD=POST CONTENT_LENGTH=5 \
		CONTENT_TYPE=application/x-www-form-urlencoded \
		/usr/bin/cgi-fcgi -bind -connect "$D/fpm.sock" |
		sed '1,/^\r\{0,1\}$/d')" = XYZ ] &&
	[ "$(page s.php)" = 1 ] && [ "$(page s.php)" = 2 ] &&
	[ "$(page sh.php)" = "from the shell" ] || return 1
	for i in 1 2 3 4 5 6 7 8; do
		[ -n "$(page slow.php ms=400)" ] &
		pids="$pids $!"
	done
	wait $pids || return 1
	[ -n "$(page slow.php ms=1600)" ] && wait_for slowlogged &&
	page /status | grep -q 'process manager: *dynamic' || return 1
	for i in $(seq 30); do
		[ "$(page t.php)" = "hello 2" ] || return 1
	done
	signal_server USR2
	sleep 1
	wait_for ready && [ "$(page t.php)" = "hello 2" ] &&
	[ "$(page s.php)" = 3 ]
}
