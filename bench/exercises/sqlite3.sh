# sqlite3: train writes and reads a table (rollback journal); test
# switches the journal mode to WAL, checkpoints, vacuums and backs up.
prepare() {
	rm -f "$D"/t.db "$D"/t2.db* "$D"/t3.db
	cat >"$D/train.sh" <<SH
/usr/bin/sqlite3 "$D/t.db" "create table t(a, b);
	insert into t values (1, 'x'); insert into t values (2, 'y');
	select * from t where a > 1;"
SH
	cat >"$D/test.sh" <<SH
S=/usr/bin/sqlite3
\$S "$D/t2.db" "pragma journal_mode=wal; create table t(a, b);
	insert into t values (1, 'x');
	begin; insert into t select a + 1, b from t; commit;
	select count(*) from t; pragma wal_checkpoint(truncate);
	create index i on t(a); vacuum;" || exit 1
\$S "$D/t2.db" ".backup '$D/t3.db'" || exit 1
[ "\$(\$S "$D/t3.db" 'pragma integrity_check;')" = ok ]
SH
}
TRAIN=(/bin/sh "$D/train.sh")
TEST=(/bin/sh "$D/test.sh")
