# Free Pascal 3.2 (its own run-time library making system calls by
# itself, no libc linked: files, directories, processes, signals and
# sockets through its own syscall stubs; its heap manager mapping memory
# with mmap; hardware faults turned into exceptions by its own signal
# handlers).  A tool of our own, built here by fpc.
# Train prints a sum; test writes, appends and reads text and typed
# files, lists a directory (FindFirst), renames and deletes, allocates
# 64 MiB and frees it, forks and execs itself (its train exercise) and
# waits for it, makes
# a pipe, catches a division by zero (SIGFPE) and a nil dereference
# (SIGSEGV) as exceptions, reads the time, sleeps, and echoes a line
# through a TCP server and client on the loopback (its Sockets unit).
prepare() {
	rm -rf "$D/work"
	mkdir -p "$D/work" "$D/build"
	[ -x "$D/build/tool" ] && return
	cat >"$D/build/tool.pas" <<'PAS'
{$mode objfpc}{$H+}
program tool;
uses SysUtils, BaseUnix, Unix, Sockets;

procedure Check(ok: Boolean; const what: string);
begin
  if not ok then begin
    WriteLn(StdErr, 'failed: ', what);
    Halt(1);
  end;
end;

function Fib(n: Integer): Integer;
begin
  if n < 2 then Fib := n else Fib := Fib(n - 1) + Fib(n - 2);
end;

procedure Files(const dir: string);
var
  t: TextFile; f: file of LongInt; i, v, n: LongInt; s: string;
  sr: TSearchRec;
begin
  AssignFile(t, dir + '/a.txt'); Rewrite(t);
  for i := 1 to 100 do WriteLn(t, 'line ', i);
  CloseFile(t);
  Append(t); WriteLn(t, 'last'); CloseFile(t);
  Reset(t); n := 0;
  while not Eof(t) do begin ReadLn(t, s); Inc(n); end;
  CloseFile(t);
  Check((n = 101) and (s = 'last'), 'text file');
  AssignFile(f, dir + '/b.dat'); Rewrite(f);
  for i := 1 to 1000 do Write(f, i);
  Seek(f, 499); Read(f, v); CloseFile(f);
  Check(v = 500, 'typed file');
  Check(RenameFile(dir + '/b.dat', dir + '/c.dat'), 'rename');
  Check(CreateDir(dir + '/sub'), 'mkdir');
  n := 0;
  if FindFirst(dir + '/*', faAnyFile, sr) = 0 then
    repeat Inc(n) until FindNext(sr) <> 0;
  FindClose(sr);
  Check(n >= 3, 'findfirst');
  Check(DeleteFile(dir + '/c.dat') and RemoveDir(dir + '/sub'), 'delete');
  Check(FileAge(dir + '/a.txt') > 0, 'fileage');
end;

procedure Processes;
var
  pid, st: cint; args: array[0..2] of PChar; fds: array[0..1] of LongInt; buf: array[0..15] of char; r: TSsize;
begin
  args[0] := PChar(ParamStr(0)); args[1] := 'sum'; args[2] := nil;
  pid := FpFork;
  if pid = 0 then begin
    FpExecv(ParamStr(0), args);
    FpExit(127);
  end;
  Check(FpWaitPid(pid, @st, 0) = pid, 'waitpid');
  Check(WIFEXITED(st) and (WEXITSTATUS(st) = 0), 'exit status');
  Check(AssignPipe(fds[0], fds[1]) = 0, 'pipe');
  FpWrite(fds[1], 'piped', 5);
  r := FpRead(fds[0], buf, 16);
  Check(r = 5, 'pipe read');
  FpClose(fds[0]); FpClose(fds[1]);
  Check(FpGetPid > 0, 'getpid');
end;

procedure Faults;
var a, b: Integer; p: PInteger; caught: Integer;
begin
  caught := 0;
  a := 1; b := 0;
  try a := a div b; except on EDivByZero do Inc(caught); end;
  p := nil;
  try a := p^; except on EAccessViolation do Inc(caught); end;
  Check(caught = 2, 'faults');
end;

procedure Memory;
var p: PByte;
begin
  p := GetMem(64 * 1024 * 1024);
  FillChar(p^, 64 * 1024 * 1024, 7);
  Check(p[12345678] = 7, 'memory');
  FreeMem(p);
end;

procedure Net;
var
  srv, cli, con: cint; addr: TInetSockAddr; len: TSockLen;
  buf: array[0..15] of char; pid, st: cint; n: ssize_t;
begin
  srv := FpSocket(AF_INET, SOCK_STREAM, 0);
  Check(srv >= 0, 'socket');
  FillChar(addr, SizeOf(addr), 0);
  addr.sin_family := AF_INET;
  addr.sin_addr := StrToNetAddr('127.0.0.1');
  addr.sin_port := 0;
  Check(FpBind(srv, @addr, SizeOf(addr)) = 0, 'bind');
  Check(FpListen(srv, 4) = 0, 'listen');
  len := SizeOf(addr);
  Check(FpGetSockName(srv, @addr, @len) = 0, 'getsockname');
  pid := FpFork;
  if pid = 0 then begin
    con := FpAccept(srv, nil, nil);
    n := FpRecv(con, @buf, 16, 0);
    FpSend(con, @buf, n, 0);
    FpShutdown(con, 2);
    FpExit(0);
  end;
  cli := FpSocket(AF_INET, SOCK_STREAM, 0);
  Check(FpConnect(cli, @addr, SizeOf(addr)) = 0, 'connect');
  FpSend(cli, PChar('hello'), 5, 0);
  n := FpRecv(cli, @buf, 16, 0);
  Check(n = 5, 'echo');
  CloseSocket(cli); CloseSocket(srv);
  FpWaitPid(pid, @st, 0);
end;

begin
  if ParamStr(1) = 'sum' then begin
    WriteLn(40 + 2);
    Halt(0);
  end;
  Check(Fib(20) = 6765, 'fib');
  Files(ParamStr(2));
  Processes;
  Faults;
  Memory;
  Check(Now > 0, 'now');
  Sleep(10);
  Net;
  WriteLn('ok');
end.
PAS
	(cd "$D/build" && fpc -O2 -FE. tool.pas) >/dev/null
}
TRAIN=("$D/build/tool" sum)
TEST=("$D/build/tool" test "$D/work")
