# podapp.py ADDR PORT DATA: the web pod's application, behind its nginx
# on the pod's loopback: a greeting, a list of items kept in DATA/items.json
# (POST adds one), a hash of a query.  SIGTERM ends it with 0.
import hashlib, http.server, json, os, signal, sys, threading, urllib.parse

addr, port, data = sys.argv[1], int(sys.argv[2]), sys.argv[3]
path = os.path.join(data, "items.json")
lock = threading.Lock()


class H(http.server.BaseHTTPRequestHandler):
    def reply(self, code, obj):
        body = json.dumps(obj).encode()
        self.send_response(code)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def items(self):
        try:
            with open(path) as f:
                return json.load(f)
        except FileNotFoundError:
            return []

    def do_GET(self):
        u = urllib.parse.urlsplit(self.path)
        if u.path == "/api/hello":
            self.reply(200, {"hello": "pod"})
        elif u.path == "/api/items":
            with lock:
                self.reply(200, self.items())
        elif u.path == "/api/hash":
            s = urllib.parse.parse_qs(u.query).get("s", [""])[0]
            self.reply(200, {"sha256": hashlib.sha256(s.encode()).hexdigest()})
        else:
            self.reply(404, {"error": u.path})

    def do_POST(self):
        n = int(self.headers.get("Content-Length", "0"))
        item = json.loads(self.rfile.read(n))
        with lock:
            items = self.items() + [item]
            tmp = path + ".tmp"
            with open(tmp, "w") as f:
                json.dump(items, f)
            os.replace(tmp, path)
        self.reply(201, {"count": len(items)})

    def log_message(self, *a):
        pass


srv = http.server.ThreadingHTTPServer((addr, port), H)
signal.signal(signal.SIGTERM,
              lambda *a: threading.Thread(target=srv.shutdown).start())
srv.serve_forever()
