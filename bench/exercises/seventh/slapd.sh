# OpenLDAP 2.5's slapd on an LMDB database (back_mdb, a memory-mapped
# B+tree file with its own lock file, a module loaded at start-up), its
# listener and thread pool, an overlay (syncprov, also a module) and its
# clients (ldap-utils) on the host through an ldapi:// unix socket.
# Train adds one entry and reads it.  Test adds 500 entries in one
# ldapadd, searches with indexed and unindexed filters, paged results,
# modifies, renames (modrdn), compares, deletes, binds as a user, changes
# a password (the password modify extended operation: a salted SHA
# hash), asks whoami, takes a refreshOnly sync search (syncprov), and
# runs four searches at once.  It stays root: the container has no
# CAP_SETUID.
prepare() {
	rm -rf "$D/db" "$D"/*.ldif "$D/ldapi"
	mkdir -p "$D/db"
	cat >"$D/slapd.conf" <<CONF
include /etc/ldap/schema/core.schema
include /etc/ldap/schema/cosine.schema
include /etc/ldap/schema/inetorgperson.schema
modulepath /usr/lib/ldap
moduleload back_mdb
moduleload syncprov
pidfile $D/slapd.pid
database mdb
maxsize 104857600
suffix "dc=test"
rootdn "cn=admin,dc=test"
rootpw secret
directory $D/db
index objectClass,uid eq
overlay syncprov
access to attrs=userPassword by self write by anonymous auth by * none
access to * by * read
CONF
	{
		printf 'dn: dc=test\nobjectClass: dcObject\nobjectClass: organization\ndc: test\no: test\n\n'
		printf 'dn: ou=people,dc=test\nobjectClass: organizationalUnit\nou: people\n\n'
	} >"$D/base.ldif"
	for i in $(seq 1 500); do
		printf 'dn: uid=u%d,ou=people,dc=test\nobjectClass: inetOrgPerson\nuid: u%d\ncn: User %d\nsn: S%d\nuserPassword: p%d\n\n' \
			"$i" "$i" "$i" "$((i % 10))" "$i"
	done >"$D/people.ldif"
}
EXE=/usr/sbin/slapd
URI="ldapi://$(printf %s "$D/ldapi" | sed 's|/|%2F|g')"
SERVER=($EXE -d 0 -f "$D/slapd.conf" -h "$URI")
ADM=(-H "$URI" -x -D cn=admin,dc=test -w secret)
ready() { /usr/bin/ldapsearch -H "$URI" -x -b '' -s base >/dev/null; }
client_train() {
	/usr/bin/ldapadd "${ADM[@]}" -f "$D/base.ldif" >/dev/null &&
	/usr/bin/ldapsearch -H "$URI" -x -LLL -b dc=test '(o=test)' o | grep -q 'o: test'
}
n_of() { /usr/bin/ldapsearch -H "$URI" -x -LLL "$@" dn | grep -c '^dn:'; }
client_test() {
	local i pids=""
	/usr/bin/ldapadd "${ADM[@]}" -f "$D/base.ldif" >/dev/null &&
	/usr/bin/ldapadd "${ADM[@]}" -f "$D/people.ldif" >/dev/null || return 1
	[ "$(n_of -b ou=people,dc=test '(uid=u42)')" = 1 ] &&
	[ "$(n_of -b ou=people,dc=test '(sn=S3)')" = 50 ] &&
	[ "$(n_of -b ou=people,dc=test -E pr=100/noprompt '(uid=*)')" = 500 ] ||
		return 1
	printf 'dn: uid=u1,ou=people,dc=test\nchangetype: modify\nreplace: cn\ncn: Changed\n' |
		/usr/bin/ldapmodify "${ADM[@]}" >/dev/null &&
	{ /usr/bin/ldapcompare "${ADM[@]}" uid=u1,ou=people,dc=test \
		cn:Changed >/dev/null; [ $? = 6 ]; } &&
	/usr/bin/ldapmodrdn "${ADM[@]}" -r uid=u2,ou=people,dc=test uid=moved >/dev/null &&
	[ "$(n_of -b ou=people,dc=test '(uid=moved)')" = 1 ] &&
	/usr/bin/ldapdelete "${ADM[@]}" uid=u3,ou=people,dc=test &&
	[ "$(n_of -b ou=people,dc=test '(objectClass=inetOrgPerson)')" = 499 ] ||
		return 1
	/usr/bin/ldapwhoami -H "$URI" -x -D uid=u4,ou=people,dc=test -w p4 |
		grep -q u4 &&
	/usr/bin/ldappasswd -H "$URI" -x -D uid=u4,ou=people,dc=test -w p4 \
		-s newpass >/dev/null &&
	/usr/bin/ldapwhoami -H "$URI" -x -D uid=u4,ou=people,dc=test \
		-w newpass >/dev/null &&
	! /usr/bin/ldapwhoami -H "$URI" -x -D uid=u4,ou=people,dc=test \
		-w p4 >/dev/null 2>&1 || return 1
	/usr/bin/ldapsearch -H "$URI" -x -LLL -E sync=ro -b ou=people,dc=test \
		'(uid=u5)' dn | grep -q u5 || return 1
	for i in 1 2 3 4; do
		[ "$(n_of -b ou=people,dc=test "(uid=u${i}0*)")" -ge 1 ] &
		pids="$pids $!"
	done
	for i in $pids; do wait "$i" || return 1; done
}
