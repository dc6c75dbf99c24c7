# Mono 6.8 (mono-runtime): the SGen collector stopping threads with
# signals (SIGPWR, SIGXCPU), its JIT, the thread pool and its timer
# thread, the io-layer's child processes.  Train counts a file's words;
# test (Test.cs) runs threads allocating, tasks and Parallel.For, a
# timer, a child process, files, gzip, TCP on the loopback, a
# FileSystemWatcher, finalizers and a time zone.  Both are compiled on
# the host first (mcs, mono-mcs).
prepare() {
	[ -f Test.exe ] && [ -f Train.exe ] || {
		/usr/bin/mcs -out:Train.exe Train.cs &&
			/usr/bin/mcs -out:Test.exe Test.cs; } || return 1
	echo "one two three" >"$D/in.txt"
	rm -rf "$D/t.gz" "$D/m"
}
TRAIN=(/usr/bin/env HOME="$D" /usr/bin/mono "$PWD/Train.exe" "$D/in.txt")
TEST=(/bin/sh -c 'HOME="$1" /usr/bin/mono "$2" "$1" | grep -q ok' sh "$D" "$PWD/Test.exe")
