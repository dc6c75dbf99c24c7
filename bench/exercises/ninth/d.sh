# D, LDC 1.30 (druntime and Phobos: a garbage collector that stops the
# world by signalling every thread it knows (SIGUSR1, SIGUSR2) and scans
# their stacks, with parallel marking threads; thread-local storage per
# thread; exceptions unwound by libunwind tables).  A tool of our own,
# built here by ldc2.
# Train prints a sum; test runs 4 threads allocating (collections stop
# them), a parallel map on std.parallelism's task pool, a message passed
# between threads (std.concurrency), a mutex and a condition variable,
# an exception thrown and caught, files written, read and listed,
# std.process running a command through the shell with its output,
# zlib, sha256, JSON, a TCP echo on the loopback (std.socket), an HTTP
# request to a server thread by std.net.curl (libcurl, which Phobos
# opens with dlopen by name at its first request) and a full
# collection.
prepare() {
	rm -rf "$D/work"
	mkdir -p "$D/work" "$D/build"
	[ -x "$D/build/tool" ] && return
	cat >"$D/build/tool.d" <<'DS'
import core.memory, core.thread, core.sync.mutex, core.sync.condition;
import std.algorithm, std.array, std.concurrency, std.conv, std.digest.sha;
import std.file, std.json, std.parallelism, std.process, std.range;
import std.net.curl, std.socket, std.stdio, std.zlib;

void check(bool ok, string what)
{
	import core.stdc.stdlib : exit;
	if (!ok) { stderr.writeln("failed: ", what); exit(1); }
}

int square(int x) { return x * x; }

void worker(Tid parent) { receive((int x) { send(parent, x * 2); }); }

int main(string[] args)
{
	if (args[1] == "sum") { writeln(40 + 2); return 0; }
	string dir = args[2];
	auto ths = iota(4).map!(i => new Thread({
		int[][] l;
		foreach (j; 0 .. 20000) l ~= new int[](16);
		assert(l.length == 20000);
	}).start()).array;
	foreach (t; ths) t.join();
	auto sq = taskPool.amap!square(iota(1000).array);
	check(sq[999] == 998001, "amap");
	auto tid = spawn(&worker, thisTid);
	send(tid, 21);
	check(receiveOnly!int() == 42, "message");
	auto m = new Mutex; auto c = new Condition(m); bool flag;
	auto t = new Thread({ synchronized (m) { flag = true; c.notify(); } }).start();
	synchronized (m) { while (!flag) c.wait(); }
	t.join();
	try { throw new Exception("x"); } catch (Exception e) { check(e.msg == "x", "throw"); }
	std.file.write(dir ~ "/a.txt", "hello file\n");
	append(dir ~ "/a.txt", "more\n");
	check(readText(dir ~ "/a.txt") == "hello file\nmore\n", "file");
	mkdir(dir ~ "/sub");
	check(dirEntries(dir, SpanMode.depth).walkLength == 2, "dirEntries");
	auto r = executeShell("echo piped");
	check(r.status == 0 && r.output == "piped\n", "executeShell");
	auto z = compress(cast(ubyte[]) "aaaaaaaaaaaaaaaaaaaa".replicate(100));
	check((cast(string) uncompress(z)).length == 2000, "zlib");
	check(toHexString(sha256Of("abc"))[0 .. 8] == "BA7816BF", "sha256");
	check(parseJSON(`{"a":[1,2,3]}`)["a"][2].integer == 3, "json");
	auto srv = new TcpSocket;
	srv.setOption(SocketOptionLevel.SOCKET, SocketOption.REUSEADDR, true);
	srv.bind(new InternetAddress("127.0.0.1", 0));
	srv.listen(4);
	auto port = (cast(InternetAddress) srv.localAddress).port;
	auto st = new Thread({
		auto con = srv.accept();
		char[16] buf;
		auto n = con.receive(buf[]);
		con.send(buf[0 .. n]);
		con.close();
	}).start();
	auto cli = new TcpSocket(new InternetAddress("127.0.0.1", port));
	cli.send("hello");
	char[16] buf;
	check(cli.receive(buf[]) == 5, "echo");
	cli.close();
	st.join();
	auto hs = new Thread({
		auto con = srv.accept();
		char[1024] req;
		con.receive(req[]);
		con.send("HTTP/1.0 200 OK\r\nContent-Length: 5\r\n\r\nhello");
		con.close();
	}).start();
	check(get("http://127.0.0.1:" ~ port.to!string ~ "/x") == "hello", "curl");
	hs.join();
	GC.collect();
	writeln("ok");
	return 0;
}
DS
	(cd "$D/build" && ldc2 -O2 -of=tool tool.d) >/dev/null
}
TRAIN=("$D/build/tool" sum)
TEST=("$D/build/tool" test "$D/work")
