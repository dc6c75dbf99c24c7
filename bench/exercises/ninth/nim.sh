# Nim 1.6 (compiled to C by nim and then by gcc; its own garbage
# collector (refc) with a heap per thread, threads and channels of its
# system module, asyncdispatch's event loop on epoll, osproc starting
# processes by posix_spawn).  A tool of our own, built here by nim c
# --threads:on.
# Train prints a sum; test runs 4 threads sending into a channel, a
# lock, an async HTTP server and an async client on the loopback
# (asynchttpserver, httpclient), files written, read and listed (os,
# streams), a command run through the shell and a process fed and read
# through pipes (osproc), JSON, an exception caught, and a full
# collection.
prepare() {
	rm -rf "$D/work"
	mkdir -p "$D/work" "$D/build"
	[ -x "$D/build/tool" ] && return
	cat >"$D/build/tool.nim" <<'NIM'
import std/[asyncdispatch, asynchttpserver, httpclient, json, locks, os,
            osproc, sequtils, streams, strutils]

proc check(ok: bool, what: string) =
  if not ok:
    stderr.writeLine("failed: " & what)
    quit(1)

var chan: Channel[int]
var lock: Lock
var shared: int

proc worker(n: int) {.thread.} =
  var s: seq[string]
  for i in 0 ..< 20000: s.add($i)
  withLock lock: shared += s.len
  chan.send(n * 2)

proc serve(server: AsyncHttpServer) {.async.} =
  proc cb(req: Request) {.async, gcsafe.} =
    await req.respond(Http200, "hello " & req.url.path)
  server.listen(Port(0), "127.0.0.1")
  let port = server.getPort
  let client = newAsyncHttpClient()
  let fut = client.getContent("http://127.0.0.1:" & $port.uint16 & "/x")
  asyncCheck server.acceptRequest(cb)
  check((await fut) == "hello /x", "http")
  client.close()

proc main() =
  if paramStr(1) == "sum":
    echo 40 + 2
    return
  let dir = paramStr(2)
  chan.open()
  initLock(lock)
  var ths: array[4, Thread[int]]
  for i in 0 ..< 4: createThread(ths[i], worker, i)
  joinThreads(ths)
  var total = 0
  for i in 0 ..< 4: total += chan.recv()
  check(total == 12 and shared == 80000, "threads")
  let server = newAsyncHttpServer()
  waitFor serve(server)
  server.close()
  writeFile(dir / "a.txt", "hello file\n")
  let fs = newFileStream(dir / "a.txt", fmAppend)
  fs.writeLine("more")
  fs.close()
  check(readFile(dir / "a.txt").splitLines.len == 3, "file")
  createDir(dir / "sub")
  copyFile(dir / "a.txt", dir / "sub" / "b.txt")
  check(toSeq(walkDirRec(dir)).len == 2, "walkDirRec")
  removeDir(dir / "sub")
  let (output, code) = execCmdEx("echo piped")
  check(code == 0 and output == "piped\n", "execCmdEx")
  let p = startProcess("/bin/cat", args = [], options = {})
  p.inputStream.write("through cat")
  p.inputStream.close()
  check(p.outputStream.readAll == "through cat", "startProcess")
  check(p.waitForExit == 0, "wait")
  p.close()
  check(parseJson("""{"a":[1,2,3]}""")["a"][2].getInt == 3, "json")
  try:
    raise newException(ValueError, "x")
  except ValueError as e:
    check(e.msg == "x", "exception")
  GC_fullCollect()
  echo "ok"

main()
NIM
	(cd "$D/build" && nim c --hints:off --threads:on -d:release \
		--nimcache:"$D/build/cache" -o:tool tool.nim) >/dev/null
}
TRAIN=("$D/build/tool" sum)
TEST=("$D/build/tool" test "$D/work")
