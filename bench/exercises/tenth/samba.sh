# Samba 4.17's smbd as a standalone file server on the loopback (SMB2
# and SMB3): a parent that forks a process per connection, each of which
# becomes the user it authenticates (setresuid, setgroups: the container
# gets CAP_SETUID and CAP_SETGID, as Docker's default set has), TDB
# databases shared between them (memory-mapped, robust mutexes), its
# messaging over unix datagram sockets, SMB3 signing and encryption,
# and samba-dcerpcd with its rpcd_* helpers started on demand for the
# RPC pipes.  The users are root (a password in its tdbsam file) and
# the guest (nobody).  Clients (smbclient, smbstatus) run on the host
# in the container's network namespace.
# Train lists a guest share.  Test, as root, puts and gets a 4 MB file
# (compared), makes and removes a directory, renames and deletes a
# file, asks allinfo; lists the shares (srvsvc, through samba-dcerpcd);
# runs over SMB2 and over SMB3 encrypted; runs four sessions at once; a
# wrong password is refused; and smbstatus reads the sessions.
CAPS=(CAP_SETUID CAP_SETGID)
prepare() {
	rm -rf "$D/smb" "$D/pub" "$D/share" "$D/smb.conf" "$D/big" "$D"/got*
	mkdir -p "$D/smb/lock" "$D/smb/state" "$D/smb/cache" "$D/smb/private" \
		"$D/smb/run" "$D/pub" "$D/share"
	chmod 755 "$D/pub" "$D/share"
	echo hello >"$D/pub/hello.txt"
	head -c 4000000 /dev/urandom >"$D/big"
	cat >"$D/smb.conf" <<CONF
[global]
server role = standalone server
smb ports = 4445
interfaces = lo
bind interfaces only = yes
disable netbios = yes
lock directory = $D/smb/lock
state directory = $D/smb/state
cache directory = $D/smb/cache
private dir = $D/smb/private
pid directory = $D/smb/run
ncalrpc dir = $D/smb/run/ncalrpc
passdb backend = tdbsam:$D/smb/private/passdb.tdb
log level = 1
logging = stdout
load printers = no
printing = bsd
printcap name = /dev/null
map to guest = bad user
guest account = nobody
server min protocol = SMB2_02
[pub]
path = $D/pub
guest ok = yes
read only = yes
[share]
path = $D/share
read only = no
valid users = root
CONF
	printf 'rootpw\nrootpw\n' |
		/usr/bin/smbpasswd -c "$D/smb.conf" -s -a root >/dev/null
}
EXE=/usr/sbin/smbd
# smbd ends its process group on SIGTERM (kill(0, SIGTERM)), itself
# included, and becomes a session leader unless told not to; as the
# container's first process it is a group leader already and cannot.
# So setsid forks it into a session of its own (natively and in the
# container alike) and waits: its status is smbd's signal, 15.  The
# samba-dcerpcd it started (a daemon, its parent 1) is ended too, as the
# container's end would.
SERVER=(/usr/bin/setsid --fork --wait $EXE --foreground --no-process-group
	-s "$D/smb.conf")
STOPPED=15
stop() {
	local p
	signal_server TERM
	for p in $(pgrep -f -- "samba-dcerpcd --configfile=$D/smb.conf"); do
		kill -TERM "$p" 2>/dev/null
	done
}
ns() { in_netns "$D/smb.conf" "$@"; }
smb() { # SHARE ARG...: smbclient on SHARE as root
	local s=$1
	shift
	ns /usr/bin/smbclient -s "$D/smb.conf" -p 4445 "//127.0.0.1/$s" \
		-U root%rootpw "$@"
}
ready() { ns /usr/bin/smbclient -s "$D/smb.conf" -p 4445 //127.0.0.1/pub -N -c ls >/dev/null; }
client_train() {
	ns /usr/bin/smbclient -s "$D/smb.conf" -p 4445 //127.0.0.1/pub -N \
		-c ls | grep -q hello.txt
}
client_test() ( # in a subshell: it works in $D
	pids=""
	cd "$D" || exit 1
	smb share -c 'put big big; mkdir dir; put big dir/b2; rename big big2; get big2 got; allinfo big2; del dir/b2; rmdir dir; del big2' \
		>smb.log 2>&1 && cmp -s big got &&
	grep -q create_time smb.log &&
	ns /usr/bin/smbclient -s "$D/smb.conf" -p 4445 -L //127.0.0.1 \
		-U root%rootpw 2>&1 | grep -q share &&
	smb share -m SMB2 -c 'put big b; get b got2; del b' >/dev/null 2>&1 &&
	cmp -s big got2 &&
	smb share -m SMB3 --client-protection=encrypt \
		-c 'put big b; get b got3; del b' >/dev/null 2>&1 &&
	cmp -s big got3 &&
	smb pub -c 'get hello.txt got4' >/dev/null 2>&1 && grep -q hello got4 &&
	! ns /usr/bin/smbclient -s "$D/smb.conf" -p 4445 //127.0.0.1/share \
		-U root%wrong -c ls >/dev/null 2>&1 || exit 1
	for i in 1 2 3 4; do
		smb share -c "put pub/hello.txt h$i" >/dev/null 2>&1 &
		pids="$pids $!"
	done
	for i in $pids; do wait "$i" || exit 1; done
	smb share -c ls 2>/dev/null | grep -c ' h[1-4] ' | grep -q 4 &&
	/usr/bin/smbstatus -s "$D/smb.conf" -b >/dev/null 2>&1
)
