# gunicorn 20 (Python 3.11): an arbiter process and prefork workers
# running a WSGI application, on a unix socket; the workers tell the
# arbiter they live by changing a temporary file's mode, the arbiter
# kills one that does not (--timeout) and replaces workers that served
# --max-requests.  Train gets one page.  Test posts a body, runs a
# page that starts a subprocess, eight requests at once, a request that
# outlives the timeout (its worker is aborted and replaced), enough
# requests to recycle the workers, one more worker and one fewer
# (SIGTTIN, SIGTTOU), and pages again after a reload (SIGHUP: new
# workers).
prepare() {
	rm -f "$D"/g.sock "$D"/*.log
	cat >"$D/app.py" <<'PY'
import os, subprocess, time

def app(environ, start_response):
    path = environ["PATH_INFO"]
    if path == "/post":
        n = int(environ.get("CONTENT_LENGTH") or 0)
        body = environ["wsgi.input"].read(n).upper()
    elif path == "/sub":
        body = subprocess.run(["/bin/echo", "from a child"],
                              capture_output=True).stdout
    elif path == "/sleep":
        time.sleep(float(environ["QUERY_STRING"]))
        body = b"%d\n" % os.getpid()
    elif path == "/pid":
        body = b"%d\n" % os.getpid()
    else:
        body = b"hello\n"
    start_response("200 OK", [("Content-Type", "text/plain")])
    return [body]
PY
}
EXE=/usr/bin/python3.11
SERVER=(/usr/bin/gunicorn --bind "unix:$D/g.sock" --chdir "$D" --workers 2
	--timeout 3 --graceful-timeout 3 --max-requests 25
	--error-logfile "$D/g.log" app:app)
get() { /usr/bin/curl -sf --max-time 20 --unix-socket "$D/g.sock" "$@"; }
# arbiter: the arbiter's pid as the host sees it: the python process
# working in the data directory (gunicorn changes its processes' titles:
# their arguments do not name it) whose parent is not one.
arbiter() {
	local p pp exe
	exe="$(readlink -f -- "$EXE")"
	for p in $(pgrep -x -- "$(basename -- "$exe")") $(pgrep -f '^gunicorn'); do
		[ "$(readlink "/proc/$p/exe" 2>/dev/null)" = "$exe" ] &&
		[ "$(readlink "/proc/$p/cwd" 2>/dev/null)" = "$D" ] || continue
		pp=$(awk '/^PPid:/ { print $2 }' "/proc/$p/status" 2>/dev/null)
		[ "$(readlink "/proc/$pp/exe" 2>/dev/null)" = "$exe" ] && continue
		echo "$p"
		return 0
	done
	return 1
}
# workers N: the arbiter has N workers.
workers() {
	local p
	p=$(arbiter) || return 1
	[ "$(pgrep -c -P "$p")" = "$1" ]
}
ready() { [ "$(get http://x/)" = hello ]; }
client_train() { [ "$(get http://x/index)" = hello ]; }
client_test() {
	local i pids="" p
	[ "$(get --data-binary abc http://x/post)" = ABC ] &&
	[ "$(get http://x/sub)" = "from a child" ] || return 1
	for i in 1 2 3 4 5 6 7 8; do
		[ -n "$(get 'http://x/sleep?0.3')" ] &
		pids="$pids $!"
	done
	wait $pids || return 1
	# The worker is aborted after --timeout: the request fails.
	get 'http://x/sleep?6' && return 1
	wait_for workers 2 && ready || return 1
	for i in $(seq 60); do
		[ "$(get http://x/pid)" -gt 0 ] || return 1
	done
	p=$(arbiter) && kill -TTIN "$p" && wait_for workers 3 &&
	kill -TTOU "$p" && wait_for workers 2 &&
	kill -HUP "$p" && sleep 1 && wait_for workers 2 && ready &&
	[ "$(get --data-binary z http://x/post)" = Z ]
}
stop() {
	local p
	p=$(arbiter) && kill -TERM "$p"
}
