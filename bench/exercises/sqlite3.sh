# sqlite3: train writes and reads a table (rollback journal); test
# switches the journal mode to WAL, checkpoints, vacuums and backs up.
. ./common.sh
S=/usr/bin/sqlite3
case $1 in
train)
	rm -f "$D"/t.db
	$S "$D/t.db" "create table t(a, b); insert into t values (1, 'x');
		insert into t values (2, 'y'); select * from t where a > 1;"
	;;
test)
	rm -f "$D"/t2.db* "$D"/t3.db
	$S "$D/t2.db" "pragma journal_mode=wal; create table t(a, b);
		insert into t values (1, 'x');
		begin; insert into t select a + 1, b from t; commit;
		select count(*) from t; pragma wal_checkpoint(truncate);
		create index i on t(a); vacuum;"
	$S "$D/t2.db" ".backup '$D/t3.db'"
	[ "$($S "$D/t3.db" 'pragma integrity_check;')" = ok ]
	;;
esac
