# ngIRCd 26.1: an IRC server of one process and one event loop that
# forks a resolver child for each connection (DNS = yes: its address
# looked up, the name checked forwards), reads its configuration again
# on REHASH, its MOTD from a file.  Run as nobody (RUNAS).  The clients
# (ircc.py) run on the host in the container's network namespace.
# Train registers one client, pings the server and quits.
# Test registers two clients that join a channel, set its topic, talk in
# it and privately, change its modes, ask WHOIS, LIST, NAMES, an away
# message; six more clients join at once; an operator logs in (OPER),
# has the configuration read again (REHASH), kicks a client, asks
# LUSERS, STATS and the MOTD; all quit.
prepare() {
	rm -f "$D/ngircd.conf" "$D/motd"
	echo 'welcome to the test server' >"$D/motd"
	cat >"$D/ngircd.conf" <<CONF
[Global]
	Name = irc.test
	Info = test server
	Listen = 127.0.0.1
	Ports = 16667
	MotdFile = $D/motd
	PidFile = $D/ngircd.pid
[Limits]
	MaxConnections = 50
	MaxConnectionsIP = 0
	PingTimeout = 120
[Options]
	DNS = yes
	Ident = no
	PAM = no
	RequireAuthPing = no
[Operator]
	Name = op
	Password = secret
CONF
}
RUNAS=nobody
EXE=/usr/sbin/ngircd
SERVER=($EXE -n -f "$D/ngircd.conf")
STOP=TERM
irc() { in_netns "$D/ngircd.conf" /usr/bin/python3 "$PWD/ircc.py" 127.0.0.1 16667 "$1"; }
ready() { irc ready >/dev/null; }
client_train() { irc train | grep -q ok; }
client_test() { irc test | grep -q ok; }
