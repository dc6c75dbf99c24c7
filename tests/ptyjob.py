"""The terminal cases of tests/cli.sh: a pseudo-terminal and what it
printed, and a small job-control shell on it (a session leader whose
controlling terminal it is, running a job in a process group of its own
in the foreground), as bash -i runs a command."""
import ctypes
import fcntl
import json
import os
import select
import signal
import struct
import termios
import time


class Pty:
    def __init__(self):
        self.master, self.slave = os.openpty()
        self.out = b""

    def read_for(self, secs, until=None):
        """Reads what the terminal printed, for secs or until until."""
        end = time.time() + secs
        while time.time() < end and (until is None or until not in self.out):
            r, _, _ = select.select([self.master], [], [], 0.05)
            if r:
                try:
                    self.out += os.read(self.master, 4096)
                except OSError:
                    return


def control(slave):
    """In the shell: leads a session whose controlling terminal is slave,
    SIGTTOU ignored (it takes the terminal back from its jobs); SIGINT
    and SIGQUIT as a terminal's session starts with them, whatever the
    test was given (a shell's background job has them ignored)."""
    os.setsid()
    signal.signal(signal.SIGINT, signal.SIG_DFL)
    signal.signal(signal.SIGQUIT, signal.SIG_DFL)
    fcntl.ioctl(slave, termios.TIOCSCTTY, 0)
    signal.signal(signal.SIGTTOU, signal.SIG_IGN)


def start_job(slave, argv, before_exec=None, stdio=(0, 1, 2)):
    """In the shell: forks argv as its job, in a process group of its
    own in the foreground before the exec (as the shell's child does,
    and the shell too: whichever runs first), the terminal on stdio;
    before_exec() runs in the child.  Returns the job's pid."""
    job = os.fork()
    if job == 0:
        os.setpgid(0, 0)
        os.tcsetpgrp(slave, os.getpgrp())
        signal.signal(signal.SIGTTOU, signal.SIG_DFL)
        if before_exec:
            before_exec()
        for fd in stdio:
            os.dup2(slave, fd)
        os.execvp(argv[0], argv)
    try:
        os.setpgid(job, job)    # EACCES: the child has exec'd (done)
    except OSError:
        pass
    os.tcsetpgrp(slave, job)
    return job


def ended(st):
    """A wait status as the shell says it: b"signal N", b"exit N", b"stopped"."""
    if os.WIFSIGNALED(st):
        return b"signal %d" % os.WTERMSIG(st)
    if os.WIFEXITED(st):
        return b"exit %d" % os.WEXITSTATUS(st)
    return b"stopped"


def pending(pid, sig):
    """Whether sig is in process pid's shared pending set."""
    try:
        for line in open("/proc/%d/status" % pid):
            if line.startswith("ShdPnd:"):
                return int(line.split()[1], 16) >> (sig - 1) & 1
    except OSError:
        pass
    return 0



def taken(pid, sig):
    """Until sig is no longer pending at pid (taken, or pid is gone)."""
    for _ in range(600):
        if not pending(pid, sig):
            return
        time.sleep(0.05)


def page_fifo(path):
    """A FIFO at path with one page of room, opened to read without
    blocking (its descriptor): a writer of more blocks once it is full,
    its output unfinished (wait_full)."""
    if os.path.lexists(path):
        os.unlink(path)
    os.mkfifo(path)
    r = os.open(path, os.O_RDONLY | os.O_NONBLOCK)
    fcntl.fcntl(r, 1031, 4096)                  # F_SETPIPE_SZ
    return r


def wait_full(r):
    """Until the pipe r holds as much as it can (or 60 s)."""
    cap = fcntl.fcntl(r, 1032)                  # F_GETPIPE_SZ
    for _ in range(1200):
        if struct.unpack("i", fcntl.ioctl(r, 0x541B, b"\0" * 4))[0] >= cap:
            return                              # FIONREAD
        time.sleep(0.05)


def json_format(r):
    """Reads the pipe r to its end: the "format" of the JSON it carried,
    or "truncated" where it does not parse."""
    fcntl.fcntl(r, fcntl.F_SETFL, 0)
    data = b""
    while True:
        b = os.read(r, 65536)
        if not b:
            break
        data += b
    try:
        return json.loads(data).get("format")
    except ValueError:
        return "truncated"

_libc = ctypes.CDLL(None, use_errno=True)
_libc.ptrace.argtypes = [ctypes.c_long, ctypes.c_long, ctypes.c_void_p,
                         ctypes.c_void_p]
_libc.ptrace.restype = ctypes.c_long
_TRACEME, _CONT, _DETACH, _SETOPTIONS, _GETEVENTMSG = 0, 7, 17, 0x4200, 0x4201
_O_TRACEFORK, _EVENT_FORK, _WALL = 2, 1, 0x40000000


def traceme():
    """A job's before_exec for hold_fork: traced by the shell from its exec."""
    _libc.ptrace(_TRACEME, 0, None, None)


def _to_fork(job, nth):
    """The job started with before_exec=traceme, run to its nth fork(2)
    and held there, each child born and held before its first
    instruction; its forks' pids."""
    os.waitpid(job, _WALL)                  # its exec
    _libc.ptrace(_SETOPTIONS, job, None, ctypes.c_void_p(_O_TRACEFORK))
    _libc.ptrace(_CONT, job, None, None)
    forks, born = [], set()
    while len(forks) < nth:
        pid, st = os.waitpid(-1, _WALL)
        if pid == job and st >> 16 == _EVENT_FORK:
            child = ctypes.c_ulong()
            _libc.ptrace(_GETEVENTMSG, job, None, ctypes.byref(child))
            forks.append(child.value)
            if len(forks) < nth:
                _libc.ptrace(_CONT, job, None, None)
        elif pid == job and os.WIFSTOPPED(st):  # a signal it is sent
            _libc.ptrace(_CONT, job, None, ctypes.c_void_p(os.WSTOPSIG(st)))
        elif pid == job:
            raise RuntimeError("the job ended before its fork %d" % nth)
        else:
            born.add(pid)                   # a new child's first stop
    for p in forks:
        if p not in born:
            os.waitpid(p, _WALL)
    return forks


def hold_fork(job, nth):
    """In the shell, the job started with before_exec=traceme: its nth
    fork(2)'s child, held before its first instruction (until
    release()), the job and its other children let go untraced, as a
    child no CPU has run yet (under load) stays."""
    forks = _to_fork(job, nth)
    _libc.ptrace(_DETACH, job, None, None)
    for p in forks[:-1]:
        _libc.ptrace(_DETACH, p, None, None)
    return forks[-1]


def release(pid):
    """Lets the child hold_fork held run on, untraced."""
    _libc.ptrace(_DETACH, pid, None, None)


def signal_at_fork(job, nth, sig, to_child=False):
    """The job started with before_exec=traceme: sig sent to it (or with
    to_child, to the child) as it is stopped at its nth fork(2), the
    child born and held before its first instruction; then both let go
    untraced, the child first: the job takes sig as the fork returns,
    the child as it starts."""
    forks = _to_fork(job, nth)
    os.kill(forks[-1] if to_child else job, sig)
    for p in forks:
        _libc.ptrace(_DETACH, p, None, None)
    _libc.ptrace(_DETACH, job, None, None)
