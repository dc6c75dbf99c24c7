# gawk: train sums a column; test formats times, reads a command's
# output, talks to a coprocess, runs a command, seeds the random
# generator, writes and reads files and pipes into sort.
prepare() {
	printf '1 a\n2 b\n3 c\n' >"$D/in.txt"
	cat >"$D/test.awk" <<'AWK'
BEGIN {
	d = ARGV[1]; ARGV[1] = ""
	t = strftime("%F %T", systime())
	"echo hi" | getline x; close("echo hi")
	if (x != "hi") exit 1
	print "co" |& "cat"; close("cat", "to"); "cat" |& getline y; close("cat")
	if (y != "co") exit 1
	if (system("true") != 0) exit 1
	srand(); r = rand()
	print "w" > (d "/o.txt"); close(d "/o.txt")
	getline z < (d "/o.txt"); if (z != "w") exit 1
	print 3 "\n" 1 "\n" 2 | "sort -n > /dev/null"; close("sort -n > /dev/null")
	if (ENVIRON["PATH"] == "" || PROCINFO["pid"] <= 0) exit 1
	while ((getline l < (d "/in.txt")) > 0) s += l
	if (s != 6) exit 1
}
AWK
}
TRAIN=(/usr/bin/gawk '{ s += $1 } END { print s }' "$D/in.txt")
TEST=(/usr/bin/gawk -f "$D/test.awk" "$D")
