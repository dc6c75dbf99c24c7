# PostgreSQL 15: a postmaster forking a backend per connection and its
# auxiliary processes (checkpointer, WAL writer, autovacuum), System V
# and POSIX shared memory, huge pages tried first.  It refuses to run
# as root: it runs as the postgres user (RUNAS).  Train creates a table,
# inserts a row and reads it back; test runs four clients at once, a
# transaction rolled back, an index, a parallel sequential scan (its
# workers share memory through /dev/shm), a checkpoint, VACUUM, COPY out
# and back in, extensions loaded at run time (pgcrypto, dblink), COPY TO
# PROGRAM, a base backup (a walsender), a backend cancelled and one
# terminated, sorts spilled to temporary files, an index built
# concurrently, ALTER SYSTEM, pg_dump, LISTEN/NOTIFY across two
# connections, a reload of its configuration on SIGHUP, and last a query
# compiled by LLVM's JIT.  Its clean stop is SIGINT (fast shutdown).
RUNAS=postgres
PGBIN=/usr/lib/postgresql/15/bin
prepare() {
	if [ ! -f "$D/../pgtemplate/PG_VERSION" ]; then
		install -d -o postgres -g postgres -m 0700 "$D/../pgtemplate" &&
		runuser -u postgres -- $PGBIN/initdb -D "$D/../pgtemplate" \
			--auth=trust -U postgres -E UTF8 --locale=C \
			>/dev/null 2>&1 || return 1
	fi
	rm -rf "$D/pg" "$D"/.s.PGSQL.* "$D/backup" "$D"/q.copy "$D"/q.gz \
		"$D"/listen.out "$D/notified"
	cp -a "$D/../pgtemplate" "$D/pg"
}
EXE=$PGBIN/postgres
SERVER=($EXE -D "$D/pg" -k "$D" -c listen_addresses= -c shared_buffers=16MB
	-c max_parallel_workers_per_gather=2 -c parallel_setup_cost=0
	-c parallel_tuple_cost=0 -c min_parallel_table_scan_size=0
	-c logging_collector=off -c fsync=on)
STOP=INT
P() { /usr/bin/psql -X -q -h "$D" -U postgres -d postgres -At "$@"; }
ready() { [ "$(P -c 'select 1')" = 1 ]; }
client_train() {
	P -c 'create table a (i int, s text); insert into a values (1, $$x$$)' &&
	[ "$(P -c 'select s from a where i = 1')" = x ]
}
# Tests for wait_for (a command substitution in its arguments would be
# run once, before it): a backend runs pg_sleep; one listens; the
# configuration is reloaded.
sleeping() {
	[ "$(P -c "select count(*) from pg_stat_activity
		where query like 'select pg_sleep%'")" = 1 ]
}
listening() {
	[ "$(P -c "select count(*) from pg_stat_activity
		where query = 'listen ch;'")" = 1 ]
}
reloaded() { [ "$(P -c 'show work_mem')" = 8MB ]; }
client_test() {
	local i pids=""
	P -c 'create table p (id serial primary key, n text);
		create table q (pid int, v int);
		begin; insert into p (n) values ($$a$$), ($$b$$), ($$c$$);
		insert into q select 1 + g % 3, g from generate_series(1, 20000) g;
		commit;
		begin; delete from q; rollback;
		create index on q (pid); checkpoint;' -c 'vacuum analyze q' || return 1
	[ "$(P -c 'set force_parallel_mode = on;
		select count(*) from q where v % 7 = 0')" = 2857 ] || return 1
	for i in 1 2 3 4; do
		[ "$(P -c "select n, sum(v) from p join q on q.pid = p.id
			where p.id = $(( i % 3 + 1 )) group by n")" != "" ] &
		pids="$pids $!"
	done
	wait $pids || return 1
	P -c "copy q to '$D/q.copy'" && P -c 'truncate q' &&
	P -c "copy q from '$D/q.copy'" &&
	[ "$(P -c 'select count(*) from q')" = 20000 ] || return 1
	# Extensions loaded from its library directory at run time: pgcrypto
	# (OpenSSL), dblink (libpq, connecting back to the server); COPY
	# through a shell command.
	[ "$(P -c 'create extension pgcrypto;
		select encode(digest($$x$$, $$sha256$$), $$hex$$)')" = \
		2d711642b726b04401627ca9fbac32f5c8530fb1903cc4db02258717921a4881 ] &&
	[ "$(P -c "create extension dblink;
		select * from dblink('host=$D user=postgres dbname=postgres',
			'select count(*) from p') as t(n bigint)")" = 3 ] &&
	P -c "copy q to program 'gzip -c >$D/q.gz'" &&
	[ "$(gzip -dc "$D/q.gz" | wc -l)" = 20000 ] || return 1
	# A base backup (a walsender streaming the files), a backend
	# cancelled and one terminated by signals, sorts spilled to
	# temporary files, an index built concurrently, ALTER SYSTEM.
	/usr/bin/pg_basebackup -h "$D" -U postgres -D "$D/backup" -Ft -X stream \
		>/dev/null 2>&1 && [ -s "$D/backup/base.tar" ] || return 1
	P -c 'select pg_sleep(30)' >/dev/null 2>&1 &
	wait_for sleeping || return 1
	P -c "select pg_cancel_backend(pid) from pg_stat_activity
		where query like 'select pg_sleep%'" >/dev/null || return 1
	wait $! && return 1
	P -c 'select pg_sleep(30)' >/dev/null 2>&1 &
	wait_for sleeping || return 1
	P -c "select pg_terminate_backend(pid) from pg_stat_activity
		where query like 'select pg_sleep%'" >/dev/null || return 1
	wait $! && return 1
	[ "$(P -c 'set work_mem = $$64kB$$; select count(distinct v::text || n)
		from q, p where q.v % 3 = p.id - 1')" = 20000 ] &&
	P -c 'create index concurrently on q (v)' &&
	P -c 'alter system set log_min_duration_statement = 1000' &&
	P -c 'select pg_reload_conf()' >/dev/null || return 1
	/usr/bin/pg_dump -h "$D" -U postgres -d postgres -t p | grep -q 'CREATE TABLE' || return 1
	# A listener, a notifier, the listener sees it (at its next query,
	# once notified).
	rm -f "$D/notified"
	{ printf 'listen ch;\n'; wait_for [ -e "$D/notified" ]
	  printf 'select 1;\n'; } | P >"$D/listen.out" 2>&1 &
	wait_for listening &&
	P -c "notify ch, 'hi'" && touch "$D/notified" || return 1
	wait $! || return 1
	grep -q 'notification "ch"' "$D/listen.out" || return 1
	echo "work_mem = '8MB'" >>"$D/pg/postgresql.auto.conf"
	signal_server HUP
	wait_for reloaded || return 1
	# A query compiled by LLVM (llvmjit.so, opened from its library
	# directory the first time), as any query costlier than
	# jit_above_cost is.
	[ "$(P -c 'set jit = on; set jit_above_cost = 0;
		set jit_inline_above_cost = 0; set jit_optimize_above_cost = 0;
		select sum(v * 2 + pid) from q')" = 400060001 ]
}
