# cache: a Node application and memcached, its cache, on the pod's
# loopback (127.0.0.1:11211), played from a YAML pod (`podman kube
# play`, how users run pods): the annotation to record is the pod's,
# which Podman gives each container, and the profile is given as
# Kubernetes gives it (the seccomp annotation, localhost/ a file under
# --seccomp-profile-root).  Before them an init container (its own image:
# sh and zstd) unpacks the seed data the application serves.  Train sets
# and gets a key and fetches the seed; test misses a key, sets and
# increments another, deletes it, asks for statistics, a hash (libuv's
# threads) and gzip.
prepare() {
	rm -f "$D/kube.sock" "$D/seed.json" "$D/seed.json.zst"
	echo '{"seed": "pod"}' | zstd -q -o "$D/seed.json.zst"
}
KUBE=1
INIT=(seed)
files_seed=(/bin/sh /usr/bin/zstd)
cmd_seed=(/bin/sh -c 'zstd -dqf seed.json.zst -o seed.json')
MEMBERS=(cache app)
files_cache=(/usr/bin/memcached)
cmd_cache=(/usr/bin/memcached -l 127.0.0.1 -p 11211 -U 0 -u root -t 2)
files_app=(/usr/bin/node "$d/kubeapp.js")
cmd_app=(/usr/bin/node "$d/kubeapp.js" "$D/kube.sock" 11211)
get() { /usr/bin/curl -s --unix-socket "$D/kube.sock" "$@"; }
ready() { [ "$(get -o /dev/null -w '%{http_code}' 'http://x/get?k=none')" = 404 ]; }
client_train() {
	[ "$(get -f 'http://x/set?k=a&v=hello')" = STORED ] &&
	[ "$(get -f 'http://x/get?k=a')" = hello ] &&
	[ "$(get -f http://x/seed)" = '{"seed": "pod"}' ]
}
client_test() {
	[ "$(get -o /dev/null -w '%{http_code}' 'http://x/get?k=b')" = 404 ] &&
	[ "$(get -f 'http://x/set?k=n&v=41')" = STORED ] &&
	[ "$(get -f 'http://x/incr?k=n')" = 42 ] &&
	[ "$(get -f 'http://x/stats')" = 1 ] &&
	[ "$(get -f 'http://x/del?k=n')" = DELETED ] &&
	[ "$(get -f http://x/hash | wc -c)" = 64 ] &&
	[ "$(get -f http://x/gzip | base64 -d | gunzip)" = zipped ]
}
