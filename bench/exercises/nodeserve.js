// nodeserve.js: the Node program of the benchmark (bench/exercises/
// node.sh): an HTTP server on a unix socket; SIGTERM ends it with status 0.
const http = require('http');
const fs = require('fs');
const path = require('path');
const crypto = require('crypto');
const zlib = require('zlib');
const [sock, dir] = process.argv.slice(2);

const server = http.createServer((req, res) => {
	if (req.url === '/file') {
		fs.readFile(path.join(dir, 'file.txt'), (err, data) => {
			res.end(err ? 'error' : data);
		});
	} else if (req.url === '/hash') {
		crypto.pbkdf2('secret', 'salt', 10000, 32, 'sha256', (err, key) => {
			res.end(key.toString('hex'));
		});
	} else if (req.url === '/gzip') {
		zlib.gzip('zipped', (err, buf) => {
			res.writeHead(200, { 'Content-Encoding': 'gzip' });
			res.end(buf);
		});
	} else if (req.url === '/timer') {
		setTimeout(() => res.end('waited'), 50);
	} else {
		res.end('hello\n');
	}
});
server.listen(sock);
process.on('SIGTERM', () => process.exit(0));
