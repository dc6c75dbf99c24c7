// The java exercise's test: a thread pool, a child process, a tree walk,
// gzip, a unix-domain socket channel, an HTTP server and client on the
// loopback, time zones, a temporary file and a directory watch.
import java.io.*;
import com.sun.net.httpserver.HttpServer;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.StandardProtocolFamily;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.*;
import java.nio.file.*;
import java.time.*;
import java.time.format.DateTimeFormatter;
import java.util.concurrent.*;
import java.util.stream.*;
import java.util.zip.*;

public class Test {
	public static void main(String[] a) throws Exception {
		Path d = Path.of(a[0]);
		ExecutorService ex = Executors.newFixedThreadPool(4);
		Future<Long> f = ex.submit(() -> LongStream.range(0, 5_000_000)
			.parallel().filter(x -> x % 7 == 0).count());
		Process p = new ProcessBuilder("echo", "child").start();
		String out = new String(p.getInputStream().readAllBytes()).trim();
		if (p.waitFor() != 0 || !out.equals("child"))
			throw new Error("child");
		long n;
		try (Stream<Path> w = Files.walk(d)) {
			n = w.filter(Files::isRegularFile).count();
		}
		Path gz = d.resolve("t.gz");
		try (Writer o = new OutputStreamWriter(
				new GZIPOutputStream(Files.newOutputStream(gz)))) {
			for (int i = 0; i < 10000; i++)
				o.write("line " + i + "\n");
		}
		try (BufferedReader r = new BufferedReader(new InputStreamReader(
				new GZIPInputStream(Files.newInputStream(gz))))) {
			if (r.lines().count() != 10000)
				throw new Error("gzip");
		}
		Path sp = d.resolve("j.sock");
		Files.deleteIfExists(sp);
		var addr = UnixDomainSocketAddress.of(sp);
		try (ServerSocketChannel ss = ServerSocketChannel.open(
				StandardProtocolFamily.UNIX)) {
			ss.bind(addr);
			Future<String> got = ex.submit(() -> {
				try (SocketChannel c = ss.accept()) {
					ByteBuffer b = ByteBuffer.allocate(16);
					c.read(b);
					return new String(b.array(), 0, b.position());
				}
			});
			try (SocketChannel c = SocketChannel.open(addr)) {
				c.write(ByteBuffer.wrap("hi".getBytes()));
			}
			if (!got.get().equals("hi"))
				throw new Error("socket");
		}
		HttpServer hs = HttpServer.create(new InetSocketAddress(
			InetAddress.getLoopbackAddress(), 0), 0);
		hs.createContext("/", x -> {
			byte[] b = "ok".getBytes();
			x.sendResponseHeaders(200, b.length);
			x.getResponseBody().write(b);
			x.close();
		});
		hs.start();
		HttpResponse<String> r = HttpClient.newHttpClient().send(
			HttpRequest.newBuilder(URI.create("http://127.0.0.1:" +
				hs.getAddress().getPort() + "/")).build(),
			HttpResponse.BodyHandlers.ofString());
		hs.stop(0);
		if (!r.body().equals("ok"))
			throw new Error("http");
		String t = ZonedDateTime.now(ZoneId.of("Asia/Tokyo"))
			.format(DateTimeFormatter.ISO_OFFSET_DATE_TIME);
		Path tmp = Files.createTempFile(d, "j", ".tmp");
		Files.writeString(tmp, t);
		try (WatchService ws = FileSystems.getDefault().newWatchService()) {
			d.register(ws, StandardWatchEventKinds.ENTRY_DELETE);
			Files.delete(tmp);
			if (ws.poll(5, TimeUnit.SECONDS) == null)
				throw new Error("watch");
		}
		System.out.println(n + " " + f.get());
		ex.shutdown();
	}
}
