# queue: redis beside a worker that takes jobs from a list in it, on the
# pod's loopback (127.0.0.1:6379); the host's client pushes jobs through
# redis's unix socket in the volume.  The worker has a restart policy:
# train pushes a job that makes it exit 3 between two others, and the
# last is done by the worker Podman started again; test pushes other
# kinds of job, asks for the server's status and saves in the background
# (a forked child).
prepare() { rm -f "$D"/q.sock "$D"/dump.rdb; }
MEMBERS=(redis worker)
files_redis=(/usr/bin/redis-server)
cmd_redis=(/usr/bin/redis-server --port 6379 --bind 127.0.0.1
	--unixsocket "$D/q.sock" --unixsocketperm 777 --dir "$D" --save ""
	--daemonize no --logfile "$D/redis.log")
files_worker=(/usr/bin/python3 /usr/lib/python3.11 "$d/worker.py")
cmd_worker=(/usr/bin/python3 "$d/worker.py" 6379)
opts_worker=(--restart on-failure:3)
C() { /usr/bin/redis-cli -s "$D/q.sock" "$@"; }
ready() { C client list 2>/dev/null | grep -q 'name=worker'; }
# result ID: the worker's result for job ID (each job's result is the
# next one pushed: jobs are done in order).
result() {
	local r
	r=$(C blpop results 30 | tail -n 1)
	[ "${r%%:*}" = "$1" ] && echo "${r#*:}"
}
client_train() {
	C rpush jobs 1:upper:abc 2:crash: 3:sha256:abc >/dev/null &&
	[ "$(result 1)" = ABC ] &&
	result 3 | grep -q '^ba7816bf'
}
client_test() {
	C rpush jobs 1:zlib:pod '2:words:one two three' 3:upper:x >/dev/null &&
	[ -n "$(result 1)" ] &&
	[ "$(result 2)" = 3 ] && [ "$(result 3)" = X ] &&
	C info >/dev/null &&
	C bgsave >/dev/null &&
	wait_for [ -s "$D/dump.rdb" ]
}
# The restarts Podman made of each member (train: the worker's one).
restarts=1
