# ircc.py HOST PORT train|test|ready: the IRC clients of ngircd.sh.
import socket
import sys
import time

HOST, PORT, WHAT = sys.argv[1], int(sys.argv[2]), sys.argv[3]


class Client:
    def __init__(self, nick):
        self.nick = nick
        self.s = socket.create_connection((HOST, PORT), timeout=20)
        self.buf = b""
        self.send("NICK " + nick)
        self.send("USER %s 0 * :%s user" % (nick, nick))
        self.expect(" 001 ")

    def send(self, line):
        self.s.sendall(line.encode() + b"\r\n")

    def line(self):
        while b"\r\n" not in self.buf:
            data = self.s.recv(4096)
            if not data:
                raise SystemExit("%s: connection closed" % self.nick)
            self.buf += data
        line, self.buf = self.buf.split(b"\r\n", 1)
        line = line.decode()
        if line.startswith("PING "):
            self.send("PONG " + line[5:])
        return line

    def expect(self, word):
        end = time.monotonic() + 20
        while time.monotonic() < end:
            line = self.line()
            if word in line:
                return line
        raise SystemExit("%s: no %r" % (self.nick, word))

    def ask(self, line, word):
        self.send(line)
        return self.expect(word)


if WHAT == "ready":
    Client("probe").ask("QUIT", "ERROR")
elif WHAT == "train":
    c = Client("alice")
    c.ask("PING :x1", "PONG")
    c.ask("QUIT :bye", "ERROR")
else:
    a, b = Client("alice"), Client("bob")
    a.ask("JOIN #t", "JOIN")
    a.ask("TOPIC #t :the topic", "TOPIC")
    b.ask("JOIN #t", " 332 ")
    a.expect("bob")
    a.send("PRIVMSG #t :hello channel")
    b.expect("hello channel")
    b.send("PRIVMSG alice :hello you")
    a.expect("hello you")
    a.ask("MODE #t +o bob", "MODE #t +o")
    b.ask("MODE #t +m", "MODE #t +m")
    b.ask("WHOIS alice", " 318 ")
    a.ask("LIST", " 323 ")
    a.ask("NAMES #t", " 366 ")
    a.ask("AWAY :gone", " 306 ")
    b.ask("PRIVMSG alice :there?", " 301 ")
    others = [Client("c%d" % i) for i in range(6)]
    for c in others:
        c.send("JOIN #t")
    for c in others:
        c.expect(" 366 ")
    a.ask("OPER op secret", " 381 ")
    a.ask("REHASH", " 382 ")
    a.ask("KICK #t c0 :out", "KICK")
    a.ask("LUSERS", " 266 ")
    a.ask("STATS u", " 219 ")
    a.ask("MOTD", " 376 ")
    for c in others + [b, a]:
        c.ask("QUIT :bye", "ERROR")
print("ok")
