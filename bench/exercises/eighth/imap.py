# imap.py PORT ready|train|test: an IMAP client (imaplib) for
# dovecot.sh's exercises; exits 0 when every step got its answer.
import imaplib, sys, threading, time

port = int(sys.argv[1])


def login(user, pw):
    m = imaplib.IMAP4("127.0.0.1", port, timeout=20)
    m.login(user, pw)
    return m


def ok(r, what):
    assert r[0] == "OK", (what, r)
    return r[1]


if sys.argv[2] == "ready":
    imaplib.IMAP4("127.0.0.1", port, timeout=2).logout()
    sys.exit(0)
m = login("alice", "alicepw")
ok(m.select("INBOX"), "select")
if sys.argv[2] == "train":
    m.logout()
    sys.exit(0)

def msg(i):
    return ("From: bob@test\r\nTo: alice@test\r\nSubject: note %d%s\r\n\r\n"
            "body line %d %s\r\n" % (i, " urgent" if i % 10 == 0 else "", i,
                                     "needle" if i % 25 == 0 else "")).encode()

for i in range(200):
    ok(m.append("INBOX", None, None, msg(i)), "append")
ok(m.select("INBOX"), "select")
assert len(ok(m.search(None, "SUBJECT", "urgent"), "search")[0].split()) == 20
assert len(ok(m.search(None, "BODY", "needle"), "search")[0].split()) == 8
d = ok(m.fetch("5", "(BODY[HEADER.FIELDS (SUBJECT)])"), "fetch")
assert b"note 4" in d[0][1], d
ok(m.store("1:10", "+FLAGS", "\\Flagged"), "store")
assert len(ok(m.search(None, "FLAGGED"), "search")[0].split()) == 10
ok(m.create("Archive"), "create")
ok(m.copy("1:10", "Archive"), "copy")
ok(m.store("1", "+FLAGS", "\\Deleted"), "delete")
ok(m.expunge(), "expunge")
st = ok(m.status("Archive", "(MESSAGES)"), "status")
assert b"MESSAGES 10" in st[0], st
# IDLE in one connection while another appends to the same mailbox.
b = login("bob", "bobpw")
ok(b.select("INBOX"), "select")
tag = b._new_tag()
b.send(tag + b" IDLE\r\n")
assert b.readline().startswith(b"+")
w = login("bob", "bobpw")
ok(w.append("INBOX", None, None, msg(1)), "append")
line = b.readline()
assert b"EXISTS" in line, line
b.send(b"DONE\r\n")
while not b.readline().startswith(tag):
    pass
w.logout()
b.logout()
try:
    login("alice", "wrong")
    raise AssertionError("wrong password accepted")
except imaplib.IMAP4.error:
    pass
errs = []
def session():
    try:
        s = login("alice", "alicepw")
        ok(s.select("INBOX", readonly=True), "select")
        assert len(ok(s.search(None, "ALL"), "search")[0].split()) == 199
        s.logout()
    except Exception as e:
        errs.append(e)
ts = [threading.Thread(target=session) for _ in range(4)]
for t in ts:
    t.start()
for t in ts:
    t.join()
assert not errs, errs
m.logout()
print("ok")
