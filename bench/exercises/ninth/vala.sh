# Vala 0.56 (compiled to C on GLib and GObject: GLib's main loop on
# poll, GIO's asynchronous I/O run by its worker thread pool, GIO's
# extension points loading modules from its module directory, its
# GSubprocess and GFileMonitor on inotify).  A tool of our own, built
# here by valac.
# Train prints a sum; test runs a main loop with a timeout, an idle
# callback and a child watch, a TCP echo server (GSocketService) and an
# asynchronous client on the loopback, files written and read
# asynchronously, a directory enumerated, a file monitor seeing a file
# created, a GSubprocess with pipes, 4 GThreads, a thread pool, a
# GKeyFile, a checksum and a compressed stream (GZlibCompressor).
prepare() {
	rm -rf "$D/work"
	mkdir -p "$D/work" "$D/build"
	[ -x "$D/build/tool" ] && return
	cat >"$D/build/tool.vala" <<'VALA'
void check (bool ok, string what) {
	if (!ok) {
		stderr.printf ("failed: %s\n", what);
		Process.exit (1);
	}
}

async void run (string dir) {
	try {
		var service = new SocketService ();
		uint16 port = service.add_any_inet_port (null);
		service.incoming.connect ((conn) => {
			echo_back.begin (conn);
			return true;
		});
		service.start ();
		var client = new SocketClient ();
		var conn = yield client.connect_to_host_async ("127.0.0.1", port);
		yield conn.output_stream.write_async ("hello\n".data);
		var din = new DataInputStream (conn.input_stream);
		var line = yield din.read_line_async ();
		check (line == "re:hello", "echo");
		yield conn.close_async ();
		service.stop ();

		var f = File.new_for_path (dir + "/a.txt");
		yield f.replace_contents_async ("hello file\n".data, null, false, FileCreateFlags.NONE, null, null);
		uint8[] contents;
		yield f.load_contents_async (null, out contents, null);
		check ((string) contents == "hello file\n", "file");

		var monitor = File.new_for_path (dir).monitor_directory (FileMonitorFlags.NONE);
		bool seen = false;
		monitor.changed.connect ((file, other, ev) => {
			if (file.get_basename () == "new.txt")
				seen = true;
		});
		FileUtils.set_contents (dir + "/new.txt", "x");
		for (int i = 0; i < 200 && !seen; i++) {
			Timeout.add (10, run.callback);
			yield;
		}
		check (seen, "monitor");
		monitor.cancel ();

		var en = yield File.new_for_path (dir).enumerate_children_async ("standard::name", 0, Priority.DEFAULT, null);
		var infos = yield en.next_files_async (10, Priority.DEFAULT, null);
		check (infos.length () == 2, "enumerate");

		var sp = new Subprocess (SubprocessFlags.STDIN_PIPE | SubprocessFlags.STDOUT_PIPE, "/bin/cat");
		string out_s, err_s;
		yield sp.communicate_utf8_async ("through cat", null, out out_s, out err_s);
		check (out_s == "through cat" && sp.get_successful (), "subprocess");
	} catch (Error e) {
		check (false, e.message);
	}
	done = true;
}

bool done = false;

async void echo_back (SocketConnection conn) {
	try {
		var din = new DataInputStream (conn.input_stream);
		var line = yield din.read_line_async ();
		yield conn.output_stream.write_async (("re:" + line + "\n").data);
		yield conn.close_async ();
	} catch (Error e) {
		check (false, e.message);
	}
}

int main (string[] args) {
	if (args[1] == "sum") {
		print ("%d\n", 40 + 2);
		return 0;
	}
	int total = 0;
	Thread<int>[] ths = {};
	for (int i = 0; i < 4; i++)
		ths += new Thread<int> ("w", () => { AtomicInt.add (ref total, 1); return 1; });
	foreach (var t in ths)
		t.join ();
	check (total == 4, "threads");
	try {
		var pool = new ThreadPool<string>.with_owned_data ((s) => { AtomicInt.add (ref total, 1); }, 2, false);
		for (int i = 0; i < 10; i++)
			pool.add ("x");
		ThreadPool.free ((owned) pool, false, true);
	} catch (ThreadError e) {
		check (false, e.message);
	}
	check (total == 14, "pool");
	var kf = new KeyFile ();
	kf.set_string ("g", "k", "v");
	try {
		check (kf.get_string ("g", "k") == "v", "keyfile");
	} catch (Error e) {
		check (false, e.message);
	}
	check (Checksum.compute_for_string (ChecksumType.SHA256, "abc").has_prefix ("ba7816bf"), "checksum");
	try {
		var mem = new MemoryOutputStream.resizable ();
		var z = new ConverterOutputStream (mem, new ZlibCompressor (ZlibCompressorFormat.GZIP));
		z.write ("aaaaaaaaaa".data);
		z.close ();
		check (mem.get_data_size () > 10, "zlib");
	} catch (Error e) {
		check (false, e.message);
	}
	var loop = new MainLoop ();
	bool idle = false, timed = false;
	Idle.add (() => { idle = true; return false; });
	Timeout.add (20, () => { timed = true; return false; });
	Pid pid;
	try {
		Process.spawn_async (null, {"/bin/true"}, null, SpawnFlags.DO_NOT_REAP_CHILD, null, out pid);
	} catch (SpawnError e) {
		check (false, e.message);
	}
	bool reaped = false;
	ChildWatch.add (pid, (p, st) => { reaped = true; Process.close_pid (p); });
	run.begin (args[2]);
	Timeout.add (10, () => {
		if (done && idle && timed && reaped) {
			loop.quit ();
			return false;
		}
		return true;
	});
	loop.run ();
	print ("ok\n");
	return 0;
}
VALA
	(cd "$D/build" && valac -q --pkg gio-2.0 -o tool tool.vala) >/dev/null
}
TRAIN=("$D/build/tool" sum)
TEST=("$D/build/tool" test "$D/work")
