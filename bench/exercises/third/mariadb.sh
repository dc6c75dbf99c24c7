# mariadb: train creates a table, inserts a row and reads it back; test
# runs a transaction, builds an index, joins, groups, rolls back,
# inserts in bulk, asks for status, dumps with mariadb-dump and flushes
# the logs.  The empty data directory is made once on the host.
prepare() {
	if [ ! -d "$D/../dbtemplate/mysql" ]; then
		/usr/bin/mariadb-install-db --no-defaults --auth-root-authentication-method=normal \
			--user=root --datadir="$D/../dbtemplate" --skip-test-db \
			>/dev/null 2>&1 || return 1
	fi
	rm -rf "$D/db" "$D/m.sock"
	cp -a "$D/../dbtemplate" "$D/db"
}
EXE=/usr/sbin/mariadbd
SERVER=($EXE --no-defaults --datadir="$D/db" --socket="$D/m.sock"
	--pid-file="$D/m.pid" --skip-networking --user=root
	--innodb-buffer-pool-size=16M --log-error="$D/err.log")
M() { /usr/bin/mariadb --no-defaults -S "$D/m.sock" -u root -N -B "$@"; }
ready() { M -e 'select 1' >/dev/null 2>&1; }
client_train() {
	M -e 'create database t; create table t.a (i int, s text);
		insert into t.a values (1, "x");' &&
	[ "$(M -e 'select s from t.a where i = 1')" = x ]
}
client_test() {
	M -e 'create database u; use u;
		create table p (id int primary key auto_increment, n text);
		create table q (pid int, v int, index (pid));
		start transaction;
		insert into p (n) values ("a"), ("b"), ("c");
		insert into q values (1, 10), (1, 20), (2, 5);
		commit;
		start transaction; delete from q; rollback;
		insert into q select pid, v + 1 from q;' &&
	[ "$(M -e 'select n, sum(v) from u.p join u.q on q.pid = p.id
		group by n order by n limit 1')" = "a	62" ] &&
	M -e 'show global status' | grep -q Uptime &&
	/usr/bin/mariadb-dump --no-defaults -S "$D/m.sock" -u root u |
		grep -q 'CREATE TABLE' &&
	M -e 'flush logs; analyze table u.q' >/dev/null
}
# mariadb-admin waits for the server's pid file to go, up to an hour: a
# server a profile killed mid-shutdown (the recorded mode's missing
# shutdown(2)) leaves it behind.
stop() {
	/usr/bin/mariadb-admin --no-defaults -S "$D/m.sock" -u root \
		--shutdown-timeout=20 shutdown >/dev/null 2>&1
}
