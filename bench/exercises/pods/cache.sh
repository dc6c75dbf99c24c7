# cache: a Node application and memcached, its cache, on the pod's
# loopback (127.0.0.1:11211), played from a YAML pod (`podman kube
# play`, how users run pods): the annotation to record is the pod's,
# which Podman gives each container, and the profile is given as
# Kubernetes gives it (the seccomp annotation, localhost/ a file under
# --seccomp-profile-root).  Train sets and gets a key; test misses one,
# sets and increments another, deletes it, asks for statistics, a hash
# (libuv's threads) and gzip.
prepare() { rm -f "$D/kube.sock"; }
KUBE=1
MEMBERS=(cache app)
files_cache=(/usr/bin/memcached)
cmd_cache=(/usr/bin/memcached -l 127.0.0.1 -p 11211 -U 0 -u root -t 2)
files_app=(/usr/bin/node "$d/kubeapp.js")
cmd_app=(/usr/bin/node "$d/kubeapp.js" "$D/kube.sock" 11211)
get() { /usr/bin/curl -s --unix-socket "$D/kube.sock" "$@"; }
ready() { [ "$(get -o /dev/null -w '%{http_code}' 'http://x/get?k=none')" = 404 ]; }
client_train() {
	[ "$(get -f 'http://x/set?k=a&v=hello')" = STORED ] &&
	[ "$(get -f 'http://x/get?k=a')" = hello ]
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
