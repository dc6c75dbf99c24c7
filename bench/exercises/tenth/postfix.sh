# Postfix 3.7: its master process (run directly, in the foreground) starting its daemons on demand (smtpd, cleanup, qmgr,
# trivial-rewrite, bounce, virtual, pickup, showq, postlogd, anvil,
# proxymap), which talk over unix sockets and fifos in its queue
# directory, most of them chrooted there and every one dropping to the
# postfix user (the container gets CAP_SETUID, CAP_SETGID,
# CAP_SYS_CHROOT, CAP_DAC_OVERRIDE, CAP_CHOWN and CAP_FOWNER, as
# Docker's default set has them: root reaches the queue's directories
# of the postfix user and postdrop group), its queue files moved
# between directories, and mail delivered by its virtual agent into
# Maildirs as their owner (nobody).  Its configuration, queue and data
# directories are in the data directory; it logs through postlogd into a
# file there.  Clients (swaks in the container's network namespace;
# Postfix's sendmail, postqueue) run on the host.
# Train sends one message over SMTP (delivered).  Test sends 20
# messages over 4 connections at once (pipelining), a 1 MB message, one
# refused by a header_checks regular expression and one to an unknown
# mailbox (both refused), two submitted by sendmail (postdrop into
# the maildrop directory, picked up by pickup), of which one bounces
# (its transport is the error agent: the bounce reaches the sender's
# mailbox), asks for the queue (postqueue -p through showq), and reloads
# the configuration (SIGHUP) before a last message.
CAPS=(CAP_SETUID CAP_SETGID CAP_SYS_CHROOT CAP_DAC_OVERRIDE CAP_CHOWN CAP_FOWNER)
prepare() {
	rm -rf "$D/pf" "$D/mail"
	mkdir -p "$D/pf/etc" "$D/pf/spool" "$D/pf/lib" "$D/mail"
	chown nobody:nogroup "$D/mail"
	cp /etc/postfix/master.cf "$D/pf/etc/"
	sed -i 's/^smtp      inet/127.0.0.1:2525 inet/' "$D/pf/etc/master.cf"
	: >"$D/pf/etc/main.cf"
	printf '%s@tenth.test %s/\n' alice alice bob bob carol carol \
		>"$D/pf/etc/vmailbox"
	echo 'gone@tenth.test error:5.2.1 mailbox disabled' >"$D/pf/etc/transport"
	printf '/^Subject: .*forbidden/ REJECT no thanks\n' >"$D/pf/etc/header_checks"
	/usr/sbin/postconf -c "$D/pf/etc" -e \
		"queue_directory = $D/pf/spool" \
		"data_directory = $D/pf/lib" \
		"maillog_file = $D/pf/maillog" \
		"maillog_file_prefixes = $D/pf" \
		"compatibility_level = 3.6" \
		"myhostname = mx.tenth.test" \
		"mydestination =" \
		"inet_interfaces = loopback-only" \
		"inet_protocols = ipv4" \
		"mynetworks = 127.0.0.0/8" \
		"smtpd_banner = \$myhostname ESMTP" \
		"virtual_mailbox_domains = tenth.test" \
		"virtual_mailbox_base = $D/mail" \
		"virtual_mailbox_maps = texthash:$D/pf/etc/vmailbox" \
		"virtual_uid_maps = static:$(id -u nobody)" \
		"virtual_gid_maps = static:$(id -g nobody)" \
		"transport_maps = texthash:$D/pf/etc/transport" \
		"message_size_limit = 4000000" \
		"header_checks = regexp:$D/pf/etc/header_checks" \
		"smtp_dns_support_level = disabled" \
		"relay_domains =" \
		"alias_maps =" "alias_database =" \
		"biff = no" || return 1
	/usr/sbin/postfix -c "$D/pf/etc" check 2>/dev/null
	/usr/sbin/postfix -c "$D/pf/etc" set-permissions 2>/dev/null
	/usr/sbin/postfix -c "$D/pf/etc" check
}
EXE=/usr/lib/postfix/sbin/master
# On SIGTERM the master ends its process group, then itself by the
# signal again, which the container's first process would ignore (the
# master's init mode, -i, is for that process only): setsid forks it
# into a session of its own, natively and in the container alike, and
# waits; its status is the master's signal, 15.
SERVER=(/usr/bin/setsid --fork --wait /usr/bin/env "MAIL_CONFIG=$D/pf/etc"
	$EXE -c "$D/pf/etc")
STOP=TERM
STOPPED=15
ns() { in_netns "$D/pf/etc" "$@"; }
swaks_() { ns /usr/bin/swaks --server 127.0.0.1 --port 2525 --from carol@tenth.test "$@"; }
# delivered MAILBOX N: MAILBOX holds N messages.
delivered() { [ "$(find "$D/mail/$1/new" -type f 2>/dev/null | wc -l)" = "$2" ]; }
ready() { ns /usr/bin/swaks --server 127.0.0.1 --port 2525 --quit-after BANNER >/dev/null 2>&1; }
client_train() {
	swaks_ --to alice@tenth.test --header 'Subject: train' >/dev/null 2>&1 &&
	wait_for delivered alice 1
}
client_test() {
	local i pids=""
	for i in 1 2 3 4; do
		( for j in 1 2 3 4 5; do
			swaks_ --to bob@tenth.test --pipeline \
				--header "Subject: batch $i $j" || exit 1
		  done ) >/dev/null 2>&1 &
		pids="$pids $!"
	done
	for i in $pids; do wait "$i" || return 1; done
	head -c 750000 /dev/urandom | base64 >"$D/body"
	swaks_ --to alice@tenth.test --body "$D/body" >/dev/null 2>&1 &&
	! swaks_ --to alice@tenth.test --header 'Subject: forbidden' >/dev/null 2>&1 &&
	! swaks_ --to nobody@tenth.test >/dev/null 2>&1 &&
	wait_for delivered bob 20 && wait_for delivered alice 1 || return 1
	printf 'Subject: dropped\n\nvia sendmail\n' |
		/usr/sbin/sendmail -C "$D/pf/etc" -f alice@tenth.test bob@tenth.test &&
	printf 'Subject: lost\n\nbounced\n' |
		/usr/sbin/sendmail -C "$D/pf/etc" -f carol@tenth.test gone@tenth.test &&
	wait_for delivered bob 21 && wait_for delivered carol 1 &&
	/usr/sbin/postqueue -c "$D/pf/etc" -p >"$D/queue.txt" 2>&1 &&
	grep -q 'empty\|Requests' "$D/queue.txt" || return 1
	kill -HUP "$(main_process "$D/pf/etc")" &&
	swaks_ --to alice@tenth.test --header 'Subject: after reload' >/dev/null 2>&1 &&
	wait_for delivered alice 2
}
