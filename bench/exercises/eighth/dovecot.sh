# Dovecot 2.3 (dovecot -F): a master process that starts its services on
# demand as processes of their own (imap-login, auth, imap, anvil, log,
# config, stats), passing connections and file descriptors between them
# over unix sockets in its base directory, an authentication process
# reading a passwd-file, Maildir mailboxes with its index files
# (memory-mapped), IDLE, and doveadm on its control sockets.  It runs as
# its own user (no root: the container has no CAP_SETUID), every service
# as that user.  Clients (imap.py: Python's imaplib) run on the host in
# the container's network namespace (nsenter -n, as the DNS servers').
# Train logs in and selects INBOX.  Test logs in as two users, appends
# 200 messages, searches by header and body, fetches, flags, copies to a
# new mailbox, expunges, IDLEs while another connection appends, fails a
# login with a wrong password, runs four sessions at once, and asks
# doveadm who is logged in and for a mailbox's status.
RUNAS=dovecot
prepare() {
	rm -rf "$D/run" "$D/mail" "$D"/dovecot.*
	mkdir -p "$D/run" "$D/mail"
	printf 'alice:{PLAIN}alicepw::::::\nbob:{PLAIN}bobpw::::::\n' >"$D/dovecot.passwd"
	cat >"$D/dovecot.conf" <<CONF
base_dir = $D/run
state_dir = $D/run
log_path = /dev/stderr
protocols = imap
listen = 127.0.0.1
ssl = no
disable_plaintext_auth = no
auth_mechanisms = plain login
default_internal_user = $RUNAS
default_internal_group = $RUNAS
default_login_user = $RUNAS
first_valid_uid = $(id -u $RUNAS)
mail_location = maildir:$D/mail/%u
passdb {
  driver = passwd-file
  args = scheme=PLAIN $D/dovecot.passwd
}
userdb {
  driver = static
  args = uid=$RUNAS gid=$RUNAS home=$D/mail/%u
}
service imap-login {
  inet_listener imap {
    port = 10143
  }
  chroot =
}
service anvil {
  chroot =
}
service doveadm {
  unix_listener doveadm-server {
    mode = 0666
  }
}
CONF
}
EXE=/usr/sbin/dovecot
SERVER=($EXE -F -c "$D/dovecot.conf")
STOP=TERM
# ns COMMAND...: COMMAND in the server's network namespace.
ns() { in_netns "$D/dovecot.conf" "$@"; }
ready() { ns /usr/bin/python3 "$PWD/imap.py" 10143 ready; }
client_train() { ns /usr/bin/python3 "$PWD/imap.py" 10143 train; }
client_test() {
	ns /usr/bin/python3 "$PWD/imap.py" 10143 test | grep -q ok &&
	/usr/bin/doveadm -c "$D/dovecot.conf" mailbox status -u alice \
		messages INBOX | grep -q 'messages=199'
}
