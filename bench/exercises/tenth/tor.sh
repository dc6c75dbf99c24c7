# Tor 0.4.9 as a client with its network disabled (DisableNetwork 1: no
# connection leaves the host, none is listened for but the controller's):
# its libevent main loop, its worker threads (cpuworkers), its data
# directory (keys, state, cached documents), OpenSSL and its own ed25519
# and x25519 code, and its controller on a unix socket with cookie
# authentication.  The controller (torctl.py) runs on the host.
# Train authenticates and asks for the version.  Test asks for its
# state and configuration, watches events on a second connection while
# the first changes the configuration, makes onion services (a key Tor
# generates, a key it is given), adds, lists and removes a client
# authorisation (written to its directory), maps an address, sends
# NEWNYM, CLEARDNSCACHE, DUMP, DEBUG, HEARTBEAT, RELOAD (the torrc read
# again), ACTIVE, DORMANT, and saves its configuration (SAVECONF: the
# torrc rewritten).
prepare() {
	rm -rf "$D/tor" "$D/torrc" "$D/auth"
	mkdir -m 700 "$D/tor" "$D/auth"
	cat >"$D/torrc" <<CONF
DataDirectory $D/tor
ClientOnionAuthDir $D/auth
DisableNetwork 1
SocksPort 0
ControlSocket $D/tor/control
CookieAuthentication 1
CookieAuthFile $D/tor/cookie
Log notice stderr
AvoidDiskWrites 0
CONF
}
EXE=/usr/sbin/tor
SERVER=($EXE -f "$D/torrc" --defaults-torrc /dev/null)
STOP=TERM
ctl() { /usr/bin/python3 "$PWD/torctl.py" "$D/tor/control" "$D/tor/cookie" "$@"; }
ready() { ctl ready; }
client_train() { ctl train | grep -q ok; }
client_test() { ctl test | grep -q ok; }
