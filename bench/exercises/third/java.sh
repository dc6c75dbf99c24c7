# java (OpenJDK 17): train counts a file's words; test runs a thread pool
# and a parallel stream, a child process, a tree walk, gzip, a unix
# socket channel, an HTTP server and client on the loopback (inside the
# container), time zones, a temporary file and a directory watch.
# Both are compiled on the host first.
prepare() {
	[ -f Test.class ] && [ -f Train.class ] ||
		/usr/bin/javac -d . Train.java Test.java || return 1
	echo "one two three" >"$D/in.txt"
	rm -f "$D/t.gz" "$D/j.sock"
}
TRAIN=(/usr/bin/java -cp "$PWD" Train "$D/in.txt")
TEST=(/usr/bin/java -cp "$PWD" Test "$D")
