# pyserve.py: the Python service of the benchmark (bench/exercises/
# python.sh): http.server's file handler on a unix socket, a thread per
# request; SIGTERM ends it with status 0.
import functools
import http.server
import os
import signal
import socketserver
import sys


class Handler(http.server.SimpleHTTPRequestHandler):
    def address_string(self):
        return "unix"

    def log_message(self, *args):
        pass


class Server(socketserver.ThreadingMixIn, socketserver.UnixStreamServer):
    daemon_threads = True


signal.signal(signal.SIGTERM, lambda *a: os._exit(0))
handler = functools.partial(Handler, directory=sys.argv[2])
with Server(sys.argv[1], handler) as s:
    s.serve_forever()
