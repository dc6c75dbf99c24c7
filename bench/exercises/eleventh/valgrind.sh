# Valgrind 3.19: the launcher /usr/bin/valgrind executes a tool
# (/usr/libexec/valgrind/TOOL-amd64-linux: a static executable with no
# libc, its own loader, scheduler and system call wrappers) that loads
# the guest program itself and runs it translated, every system call of
# the guest made by the tool's wrappers; its vgpreload_*.so preloaded
# into the guest, child processes followed (--trace-children) by
# executing the tool again.
# Train runs ls under Memcheck.  Test runs other guests under other
# tools: sort under Memcheck with a leak check (the leak it finds in
# the log file), gzip under Callgrind, xz with two threads under Massif
# and decompressing under Helgrind, a shell pipeline with its children
# traced, md5sum under Cachegrind; each output checked.
prepare() {
	rm -rf "$D/out"
	mkdir -p "$D/out"
	seq 2000 | shuf >"$D/out/in.txt"
}
TRAIN=(/usr/bin/valgrind -q --error-exitcode=3 /usr/bin/ls -l "$D")
TEST=(/bin/sh -c '
cd "$1/out" || exit 1
v=/usr/bin/valgrind
$v -q --leak-check=full --log-file=leaks.txt sort -n in.txt >sorted.txt &&
[ "$(head -1 sorted.txt)" = 1 ] && grep -q "definitely lost" leaks.txt &&
$v -q --tool=callgrind --callgrind-out-file=cg.out gzip -c in.txt >in.gz &&
grep -q "^events:" cg.out &&
$v -q --tool=massif --massif-out-file=ms.out xz -T2 -c in.txt >in.xz &&
grep -q "^mem_heap_B" ms.out &&
$v -q --tool=helgrind xz -T2 -dc in.xz | cmp - in.txt &&
$v -q --trace-children=yes --error-exitcode=3 /bin/sh -c "cat in.txt | wc -l" |
	grep -q 2000 &&
$v -q --tool=cachegrind --cachegrind-out-file=cgr.out md5sum in.txt \
	>/dev/null 2>&1 &&
grep -q "^events:" cgr.out &&
echo ok' sh "$D")
