"""torctl.py SOCKET COOKIE ready|train|test: a Tor controller (the
control protocol, control-spec.txt) on Tor's control socket.  Prints
"ok" when every answer is the one expected."""
import binascii, socket, sys


class Ctl:
    def __init__(self, path, cookie):
        self.s = socket.socket(socket.AF_UNIX)
        self.s.settimeout(20)
        self.s.connect(path)
        self.f = self.s.makefile("rb")
        self.events = []
        r = self.cmd("PROTOCOLINFO 1")
        assert "COOKIE" in r[1], r
        with open(cookie, "rb") as c:
            self.ok("AUTHENTICATE " + binascii.hexlify(c.read()).decode())

    def reply(self):
        """One reply's lines (asynchronous events, 650, set aside)."""
        lines = []
        while True:
            line = self.f.readline().decode().rstrip("\r\n")
            if not line:
                raise EOFError("connection closed")
            if line[3] == "+":
                while True:
                    more = self.f.readline().decode().rstrip("\r\n")
                    if more == ".":
                        break
                    line += "\n" + more
            if line.startswith("650"):
                self.events.append(line)
                if line[3] == " ":
                    continue
                continue
            lines.append(line)
            if line[3] == " ":
                return lines

    def cmd(self, c):
        self.s.sendall(c.encode() + b"\r\n")
        return self.reply()

    def ok(self, c):
        r = self.cmd(c)
        assert r[-1].startswith("250"), (c, r)
        return r

    def info(self, key):
        r = self.ok("GETINFO " + key)
        return r[0][4:].split("=", 1)[1]


def main():
    path, cookie, what = sys.argv[1:4]
    c = Ctl(path, cookie)
    if what == "ready":
        return
    assert c.info("version")[0].isdigit()
    if what == "train":
        print("ok")
        return
    assert c.info("network-liveness") == "down"
    assert c.ok("GETCONF DisableNetwork")[0].endswith("DisableNetwork=1")
    assert "DataDirectory" in c.info("config-text")
    # Events on a second connection while the first changes things.
    e = Ctl(path, cookie)
    e.ok("SETEVENTS CONF_CHANGED SIGNAL")
    c.ok('SETCONF Nickname=tenth ContactInfo="x at example"')
    assert c.ok("GETCONF Nickname")[0].endswith("Nickname=tenth")
    c.ok("RESETCONF ContactInfo")
    # An onion service: an ed25519 key made by Tor, then one given.
    r = c.ok("ADD_ONION NEW:ED25519-V3 Flags=DiscardPK Port=80,127.0.0.1:8080")
    sid = [l for l in r if "ServiceID=" in l][0].split("=", 1)[1]
    assert len(sid) == 56, sid
    r = c.ok("ADD_ONION NEW:BEST Port=81,127.0.0.1:8081")
    key = [l for l in r if "PrivateKey=" in l][0].split("=", 1)[1]
    sid2 = [l for l in r if "ServiceID=" in l][0].split("=", 1)[1]
    c.ok("DEL_ONION " + sid2)
    r = c.ok("ADD_ONION " + key + " Port=82,127.0.0.1:8082")
    assert sid2 in r[0], r
    assert sid in c.info("onions/current")
    c.ok("DEL_ONION " + sid)
    # Client authorisation of an onion service, kept in its directory.
    c.ok("ONION_CLIENT_AUTH_ADD " + sid2 +
         " x25519:yMJWjQK5GC8ELWXdo3f05OF/DyQDDEr1wXpGVH2zSGg= Flags=Permanent")
    r = c.ok("ONION_CLIENT_AUTH_VIEW")
    assert any(sid2 in l for l in r), r
    c.ok("ONION_CLIENT_AUTH_REMOVE " + sid2)
    c.ok("MAPADDRESS 1.2.3.4=tenth.example")
    assert "tenth.example" in c.info("address-mappings/control")
    for s in ("NEWNYM", "CLEARDNSCACHE", "DUMP", "DEBUG", "HEARTBEAT",
              "RELOAD", "ACTIVE", "DORMANT"):
        c.ok("SIGNAL " + s)
    c.ok("SAVECONF")
    assert int(c.info("process/pid")) > 0
    assert c.info("process/uid") != ""
    c.ok("GETINFO status/bootstrap-phase")
    c.ok("GETINFO config/names")
    e.cmd("GETINFO version")
    assert any("CONF_CHANGED" in l for l in e.events), e.events
    assert any("SIGNAL RELOAD" in l for l in e.events), e.events
    print("ok")


main()
