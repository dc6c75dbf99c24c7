# Exim 4.96 as an SMTP daemon (exim4-daemon-light): a listening process
# that forks a process per connection, which receives a message into
# its spool and starts a delivery (Exim executing itself again), and
# queue runners it forks on a timer (-q); clients are swaks on the host
# in the container's network namespace.  Exim is set-user-ID root; run
# with a configuration of its own (-C, not a trusted one) it gives root
# up and runs as its caller: as Debian-exim (RUNAS), natively and in
# the container (which has no CAP_SETUID).  Train sends one message to
# one mailbox.  Test sends messages to several recipients, one with a
# large body, four at once, one refused (an unknown domain: 550), one
# held in the queue (queue_only for a domain) and delivered by the next
# queue run, one to a pipe (a command the delivery runs), and then
# rereads its configuration (SIGHUP: the daemon executes itself again).
RUNAS=Debian-exim
prepare() {
	rm -rf "$D/spool" "$D/mail" "$D/log"
	mkdir -p "$D/spool" "$D/mail" "$D/log"
	seq 1 100000 >"$D/big"
	cat >"$D/exim.conf" <<CONF
primary_hostname = mx.test
domainlist local_domains = test : slow.test
spool_directory = $D/spool
log_file_path = $D/log/%slog
exim_user = $RUNAS
exim_group = $RUNAS
never_users =
keep_environment =
daemon_smtp_ports = 2525
local_interfaces = 127.0.0.1
acl_smtp_rcpt = check_rcpt
queue_only_override = false
host_lookup =
rfc1413_hosts =
message_size_limit = 10M
begin acl
check_rcpt:
	accept domains = slow.test
		control = queue_only
	accept domains = +local_domains
	deny message = relay not permitted
begin routers
pipe:
	driver = accept
	domains = test
	local_parts = pipe
	transport = topipe
mailbox:
	driver = accept
	domains = +local_domains
	local_parts = one : two : big : many : q
	transport = mailbox
begin transports
mailbox:
	driver = appendfile
	file = $D/mail/\$local_part_data
	user = $RUNAS
	mode = 0600
topipe:
	driver = pipe
	command = /usr/bin/wc -c
	user = $RUNAS
	return_output = false
	log_output = true
begin retry
* * F,1h,1m
CONF
}
EXE=/usr/sbin/exim4
SERVER=($EXE -C "$D/exim.conf" -bdf -q5s)
# ns COMMAND...: COMMAND in the daemon's network namespace.
ns() { in_netns "$D/exim.conf" "$@"; }
# send ARG...: a message by SMTP (swaks).
send() {
	ns /usr/bin/swaks --server 127.0.0.1 --port 2525 --from a@x.test \
		--helo client.test --silent 2 "$@" >/dev/null
}
ready() { ns /usr/bin/swaks --server 127.0.0.1 --port 2525 --quit-after EHLO \
	--helo client.test --silent 2 >/dev/null; }
# got BOX PATTERN: the mailbox has a message matching PATTERN.
got() { grep -q -- "$2" "$D/mail/$1" 2>/dev/null; }
client_train() {
	send --to one@test --body hello-train && wait_for got one hello-train
}
client_test() {
	local i pids=""
	send --to one@test,two@test --body to-two && wait_for got one to-two &&
	wait_for got two to-two &&
	send --to big@test --body - <"$D/big" &&
	wait_for got big 99999 || return 1
	for i in 1 2 3 4; do
		send --to many@test --body "many-$i" &
		pids="$pids $!"
	done
	wait $pids && wait_for got many many-4 &&
	! send --to x@elsewhere.example --body no &&
	send --to pipe@test --body "pipe-me" &&
	send --to q@slow.test --body queued && wait_for got q queued &&
	wait_for grep -q 'topipe transport output' "$D/log/mainlog" || return 1
	signal_server HUP
	sleep 1
	wait_for ready && send --to one@test --body after-hup &&
	wait_for got one after-hup
}
