// kubeapp.js SOCKET PORT: the cache pod's application, an HTTP server on
// a unix socket in the volume, its cache a memcached on the pod's
// loopback (127.0.0.1:PORT, the text protocol, one connection):
// /set?k=K&v=V, /get?k=K (404 on a miss), /incr?k=K, /del?k=K, /stats
// (the number of items), /hash (pbkdf2 in libuv's threads), /gzip.
// SIGTERM ends it with 0.
const http = require('http');
const net = require('net');
const crypto = require('crypto');
const zlib = require('zlib');
const fs = require('fs');
const [sock, port] = process.argv.slice(2);

// One request to memcached at a time: its reply ends with a line END
// and the like.  memcached starts beside it: tried again until it
// listens (30 s).
let mc, tries = 0, queue = [], buf = '';
function connect() {
	mc = net.connect(Number(port), '127.0.0.1');
	mc.on('error', (e) => {
		if (++tries > 300 || mc.readyState !== 'closed')
			throw e;
		setTimeout(connect, 100);
	});
	mc.on('connect', listen);
	mc.on('data', data);
}
function data(d) {
	buf += d.toString();
	while (queue.length && queue[0].done.test(buf)) {
		const q = queue.shift(), out = buf;
		buf = '';
		q.cb(out);
	}
}
function ask(req, done, cb) {
	queue.push({ done, cb });
	mc.write(req);
}
const line = /\r\n$/;
const end = /(^|\r\n)(END|ERROR)\r\n$/;

const server = http.createServer((req, res) => {
	const u = new URL(req.url, 'http://x');
	const k = u.searchParams.get('k'), v = u.searchParams.get('v') || '';
	switch (u.pathname) {
	case '/set':
		ask(`set ${k} 0 0 ${Buffer.byteLength(v)}\r\n${v}\r\n`, line,
			(r) => res.end(r.trim()));
		break;
	case '/get':
		ask(`get ${k}\r\n`, end, (r) => {
			const m = /^VALUE \S+ \d+ \d+\r\n([^]*)\r\nEND\r\n$/.exec(r);
			res.statusCode = m ? 200 : 404;
			res.end(m ? m[1] : 'miss');
		});
		break;
	case '/incr':
		ask(`incr ${k} 1\r\n`, line, (r) => res.end(r.trim()));
		break;
	case '/del':
		ask(`delete ${k}\r\n`, line, (r) => res.end(r.trim()));
		break;
	case '/stats':
		ask('stats\r\n', end, (r) => {
			const m = /STAT curr_items (\d+)/.exec(r);
			res.end(m ? m[1] : '?');
		});
		break;
	case '/hash':
		crypto.pbkdf2('secret', 'salt', 10000, 32, 'sha256',
			(err, key) => res.end(key.toString('hex')));
		break;
	case '/seed':
		fs.readFile('seed.json', (err, b) => res.end(err ? 'none' : b.toString().trim()));
		break;
	case '/gzip':
		zlib.gzip('zipped', (err, b) => res.end(b.toString('base64')));
		break;
	default:
		res.statusCode = 404;
		res.end('no');
	}
});
function listen() {
	try { fs.unlinkSync(sock); } catch (e) {}
	server.listen(sock);
}
connect();
process.on('SIGTERM', () => process.exit(0));
