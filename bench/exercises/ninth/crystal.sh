# Crystal 1.6 (compiled by its LLVM-based compiler: fibers switched by
# its scheduler on libevent's loop, the Boehm collector (libgc) stopping
# the world by signals to its threads, sockets and pipes non-blocking
# under the event loop, processes forked by its own code).  A tool of
# our own, built here by crystal build.
# Train prints a sum; test runs 100 fibers over channels, an HTTP server
# fiber and a client on the loopback (HTTP::Server, HTTP::Client), a TCP
# echo, files written, read and listed (File, Dir.glob), a process run
# with its output and one fed through pipes (Process), a timeout by
# select, JSON, gzip, sha256 (OpenSSL's digests), an exception caught
# and a collection.
prepare() {
	rm -rf "$D/work"
	mkdir -p "$D/work" "$D/build"
	[ -x "$D/build/tool" ] && return
	cat >"$D/build/tool.cr" <<'CR'
require "http/server"
require "http/client"
require "json"
require "compress/gzip"
require "digest/sha256"
require "socket"

def check(ok, what)
  unless ok
    STDERR.puts "failed: #{what}"
    exit 1
  end
end

if ARGV[0] == "sum"
  puts 40 + 2
  exit 0
end
dir = ARGV[1]
ch = Channel(Int32).new
100.times { |i| spawn { ch.send(i) } }
s = 0
100.times { s += ch.receive }
check(s == 4950, "fibers")
server = HTTP::Server.new { |ctx| ctx.response.print "hello #{ctx.request.path}" }
addr = server.bind_tcp("127.0.0.1", 0)
spawn { server.listen }
check(HTTP::Client.get("http://127.0.0.1:#{addr.port}/x").body == "hello /x", "http")
server.close
tcp = TCPServer.new("127.0.0.1", 0)
spawn do
  c = tcp.accept
  c.puts "re:#{c.gets}"
  c.close
end
cl = TCPSocket.new("127.0.0.1", tcp.local_address.port)
cl.puts "hi"
check(cl.gets == "re:hi", "tcp")
cl.close
tcp.close
File.write("#{dir}/a.txt", "hello file\n")
File.open("#{dir}/a.txt", "a") { |f| f.puts "more" }
check(File.read("#{dir}/a.txt") == "hello file\nmore\n", "file")
Dir.mkdir("#{dir}/sub")
File.copy("#{dir}/a.txt", "#{dir}/sub/b.txt")
check(Dir.glob("#{dir}/**/*").size == 3, "glob")
check(`echo piped` == "piped\n", "backticks")
buf = IO::Memory.new
st = Process.run("/bin/cat", input: IO::Memory.new("through cat"), output: buf)
check(st.success? && buf.to_s == "through cat", "process")
never = Channel(Int32).new
select
when v = never.receive
  check(false, "never")
when timeout(10.milliseconds)
end
check(JSON.parse(%({"a":[1,2,3]}))["a"][2].as_i == 3, "json")
io = IO::Memory.new
Compress::Gzip::Writer.open(io) { |gz| gz.print "a" * 1000 }
io.rewind
check(Compress::Gzip::Reader.open(io) { |gz| gz.gets_to_end }.size == 1000, "gzip")
check(Digest::SHA256.hexdigest("abc").starts_with?("ba7816bf"), "sha256")
begin
  raise "x"
rescue e
  check(e.message == "x", "exception")
end
l = (1..1_000_000).map { |i| i.to_s }
check(l.size == 1_000_000, "alloc")
GC.collect
puts "ok"
CR
	(cd "$D/build" && CRYSTAL_CACHE_DIR="$D/build/cache" \
		crystal build --no-debug -o tool tool.cr) >/dev/null
}
TRAIN=("$D/build/tool" sum)
TEST=("$D/build/tool" test "$D/work")
