# beanstalkd 1.12: a work queue of one process and one event loop
# (epoll), its jobs written to a binary log (-b) that it fsyncs,
# rotates and compacts.  The clients (bsc.py) run on the host in the
# container's network namespace.
# Train puts one job, reserves it and deletes it.
# Test uses a tube of its own, puts jobs of several priorities, a
# delayed one and a large one (60 kB); peeks, touches, releases, buries
# and kicks them; waits on an empty tube until its timeout; pauses the
# tube; asks for the statistics of the server, a job and a tube and the
# lists of tubes; six clients at once put and take 50 jobs each.
prepare() {
	rm -rf "$D/binlog"
	mkdir -p "$D/binlog"
}
EXE=/usr/bin/beanstalkd
SERVER=($EXE -l 127.0.0.1 -p 11400 -b "$D/binlog" -f 100 -s 65536)
# It has no handler of SIGTERM: as the container's process 1 it would
# ignore it.
STOP=KILL
STOPPED=137
bs() { in_netns "$D/binlog" /usr/bin/python3 "$PWD/bsc.py" 127.0.0.1 11400 "$1"; }
ready() { bs ready >/dev/null; }
client_train() { bs train | grep -q ok; }
client_test() { bs test | grep -q ok; }
