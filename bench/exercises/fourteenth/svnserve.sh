# svnserve 1.14 (subversion): Subversion's own protocol server, a child
# forked per connection (-d --foreground), writing a FSFS repository
# (revision files, rep-cache in SQLite, locks, hooks' directory),
# its users authenticated by CRAM-MD5 against a password file.  Its
# clients (svn) run on the host in the container's network namespace.
# Train lists the repository.
# Test checks out, adds files and a directory and commits; edits,
# renames, sets a property and commits; copies the trunk to a branch;
# logs (-v, with a revision range), diffs two revisions, cats a file at
# a revision, blames, lists recursively, locks and unlocks a file,
# updates a second working copy, exports, and runs 3 clients at once.
prepare() {
	rm -rf "$D/repos" "$D/wc" "$D/wc2" "$D/exp" "$D/cfg"
	mkdir -p "$D/repos" "$D/cfg"
	/usr/bin/svnadmin create "$D/repos/r"
	printf '[general]\nanon-access = none\nauth-access = write\npassword-db = passwd\n' \
		>"$D/repos/r/conf/svnserve.conf"
	printf '[users]\nt = secret\n' >"$D/repos/r/conf/passwd"
}
EXE=/usr/bin/svnserve
SERVER=($EXE -d --foreground -r "$D/repos" --listen-host 127.0.0.1
	--listen-port 13690 --log-file "$D/svnserve.log")
# It has no handler of SIGTERM: as the container's process 1 it would
# ignore it.
STOP=KILL
STOPPED=137
sv() { in_netns "$D/repos" /usr/bin/svn --config-dir "$D/cfg" \
	--non-interactive --no-auth-cache --username t --password secret "$@"; }
R=svn://127.0.0.1:13690/r
ready() { sv info "$R" >/dev/null; }
client_train() { sv ls "$R" >/dev/null; }
client_test() {
	local i pids=() st=0
	sv mkdir -m dirs "$R/trunk" "$R/branches" -q &&
	sv co -q "$R/trunk" "$D/wc" &&
	( cd "$D/wc" && mkdir sub && seq 1 500 >a.txt && echo b >sub/b.txt &&
	  sv add -q a.txt sub && sv ci -q -m one &&
	  seq 1 2 500 >a.txt && sv mv -q sub/b.txt sub/c.txt &&
	  sv propset -q color blue a.txt && sv ci -q -m two ) &&
	sv cp -q -m branch "$R/trunk" "$R/branches/b1" &&
	sv log -v -r 1:HEAD "$R" | grep -q 'A /trunk/sub/c.txt' &&
	sv diff -c 3 "$R/trunk/a.txt" | grep -q '^-2$' &&
	[ "$(sv cat -r 2 "$R/trunk/a.txt" | wc -l)" = 500 ] &&
	sv blame "$R/trunk/a.txt" | grep -q '^ *2 .* 499$' &&
	sv ls -R "$R/branches" | grep -q c.txt &&
	sv propget color "$R/trunk/a.txt" | grep -q blue &&
	( cd "$D/wc" && sv up -q && sv lock -q a.txt && sv unlock -q a.txt ) &&
	sv co -q -r 2 "$R/trunk" "$D/wc2" && ( cd "$D/wc2" && sv up -q ) &&
	cmp "$D/wc/a.txt" "$D/wc2/a.txt" &&
	sv export -q "$R/branches/b1" "$D/exp" && [ -f "$D/exp/sub/c.txt" ] ||
		return 1
	for i in 1 2 3; do
		sv log "$R" >/dev/null & pids+=($!)
	done
	for i in "${pids[@]}"; do wait "$i" || st=1; done
	return $st
}
