#!/usr/bin/env python3
"""html_dom.py DOM CHECK [ARG]... - checks a page as a browser built it.

DOM is what `chromium --headless --dump-dom` printed for the page: the
document after the browser parsed it (closed its elements, added its
tbody).  CHECK says what must be there:

  tree PID CHILDREN TEXT   the process tree has an item for PID with
                           CHILDREN items nested under it, each
                           holding TEXT
  row TABLE COL=TEXT...    table TABLE (its class) has a row whose cell
                           under each heading COL contains TEXT
  note TEXT                the notes list has an item holding TEXT
  closed                   no element asks for anything: no src, href,
                           action, srcset, no url() in a style, no
                           script, a Content-Security-Policy of
                           default-src 'none'

Exits 0 when it holds, 1 (saying why) when not."""
import sys
from html.parser import HTMLParser


class Node:
    def __init__(self, tag, attrs, parent):
        self.tag, self.attrs, self.parent = tag, dict(attrs), parent
        self.children, self.text = [], ""

    def all_text(self):
        return self.text + "".join(c.all_text() for c in self.children)

    def walk(self):
        yield self
        for c in self.children:
            yield from c.walk()


VOID = {"meta", "br", "link", "img", "input", "hr", "col", "area", "base",
        "wbr", "source", "track", "embed"}


class Tree(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.root = Node("#root", [], None)
        self.cur = self.root

    def handle_starttag(self, tag, attrs):
        n = Node(tag, attrs, self.cur)
        self.cur.children.append(n)
        if tag not in VOID:
            self.cur = n

    def handle_endtag(self, tag):
        n = self.cur
        while n is not None and n.tag != tag:
            n = n.parent
        if n is not None and n.parent is not None:
            self.cur = n.parent

    def handle_data(self, data):
        # Text after a child goes to its parent's text too: enough to
        # search for words.
        self.cur.text += data


def fail(why):
    print("html_dom: " + why)
    sys.exit(1)


def classes(n):
    return n.attrs.get("class", "").split()


def check_tree(root, pid, nchildren, text):
    for li in root.walk():
        if li.tag != "li" or li.parent is None or \
                "tree" not in classes(li.parent):
            continue
        if not li.text.strip().startswith(pid):
            codes = [c for c in li.children if c.tag == "code"]
            if not codes or codes[0].all_text().strip() != pid:
                continue
        subs = [c for c in li.children if c.tag == "ul"]
        kids = [k for u in subs for k in u.children if k.tag == "li"]
        if len(kids) != int(nchildren):
            fail("process %s has %d children, not %s" %
                 (pid, len(kids), nchildren))
        for k in kids:
            if text not in k.all_text():
                fail("child %r lacks %r" % (k.all_text()[:80], text))
        return
    fail("no process %s in the tree" % pid)


def check_row(root, table, wants):
    for t in root.walk():
        if t.tag != "table" or table not in classes(t):
            continue
        heads = [th.all_text().strip() for th in t.walk() if th.tag == "th"]
        for tr in t.walk():
            tds = [c for c in tr.children if c.tag == "td"]
            if tr.tag != "tr" or not tds:
                continue
            cells = dict(zip(heads, (td.all_text() for td in tds)))
            if all(w.split("=", 1)[1] in cells.get(w.split("=", 1)[0], "")
                   for w in wants):
                return
        fail("no row of table %s with %s (headings %s)" %
             (table, wants, heads))
    fail("no table %s" % table)


def check_note(root, text):
    for s in root.walk():
        if s.tag == "section" and "notes" in classes(s):
            for li in s.walk():
                if li.tag == "li" and text in li.all_text():
                    return
            fail("no note holding %r" % text)
    fail("no notes section")


def check_closed(root):
    csp = False
    for n in root.walk():
        if n.tag == "script":
            fail("a script element")
        for a in ("src", "href", "action", "srcset", "data", "poster"):
            if a in n.attrs:
                fail("%s has %s=%r" % (n.tag, a, n.attrs[a]))
        if "url(" in n.attrs.get("style", "") or \
                (n.tag == "style" and "url(" in n.all_text()):
            fail("a url() in a style")
        if n.tag == "meta" and \
                n.attrs.get("http-equiv", "").lower() == \
                "content-security-policy" and \
                "default-src 'none'" in n.attrs.get("content", ""):
            csp = True
    if not csp:
        fail("no Content-Security-Policy of default-src 'none'")


def main():
    t = Tree()
    with open(sys.argv[1], encoding="utf-8") as f:
        t.feed(f.read())
    what, args = sys.argv[2], sys.argv[3:]
    if what == "tree":
        check_tree(t.root, *args)
    elif what == "row":
        check_row(t.root, args[0], args[1:])
    elif what == "note":
        check_note(t.root, args[0])
    elif what == "closed":
        check_closed(t.root)
    else:
        fail("unknown check " + what)


main()
