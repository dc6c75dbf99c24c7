# logs: a Go application on a unix socket in the volume writes a line
# per request to its log there; a shipper beside it (sh, tail -F, grep)
# follows the log and ships its ERROR lines to another file.  Train makes
# one error; test makes one, has the application rotate its log (tail -F
# follows the new file) and makes one more.
prepare() {
	mkdir -p "$D/logs"
	rm -f "$D"/logs/* "$D/logs.sock" "$D/shipped.log"
}
MEMBERS=(app shipper)
files_app=("$d/logapp")
cmd_app=("$d/logapp" "$D/logs.sock" "$D/logs/app.log")
files_shipper=(/bin/sh /usr/bin/tail /usr/bin/grep)
cmd_shipper=(/bin/sh -c 'trap "exit 0" TERM
tail -n +1 -F "$1" | grep --line-buffered ERROR >"$2" &
wait' sh "$D/logs/app.log" "$D/shipped.log")
get() { /usr/bin/curl -s --unix-socket "$D/logs.sock" "$@"; }
ready() { get -f http://x/health -o /dev/null && [ -e "$D/shipped.log" ]; }
shipped() { wait_for grep -q "$1" "$D/shipped.log"; }
client_train() {
	get -f http://x/a -o /dev/null &&
	[ "$(get -o /dev/null -w '%{http_code}' 'http://x/error?one')" = 500 ] &&
	shipped one
}
client_test() {
	[ "$(get -o /dev/null -w '%{http_code}' 'http://x/error?two')" = 500 ] &&
	get -f http://x/b -o /dev/null &&
	shipped two &&
	get -f http://x/rotate | grep -q rotated &&
	[ -s "$D/logs/app.log.1" ] &&
	[ "$(get -o /dev/null -w '%{http_code}' 'http://x/error?three')" = 500 ] &&
	shipped three && [ "$(grep -c ERROR "$D/shipped.log")" = 2 ]
}
