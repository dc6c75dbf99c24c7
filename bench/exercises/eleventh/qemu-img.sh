# qemu-img 7.2 (qemu-utils): QEMU's block layer outside QEMU, its
# coroutines (ucontext stacks: makecontext, swapcontext, then
# sigsetjmp and siglongjmp), its thread pool for blocking I/O, Linux AIO
# and io_uring (liburing), the qcow2, VMDK, VDI and VHDX drivers, zlib
# compression by parallel coroutines, and its block drivers built as
# modules (qemu-block-extra: /usr/lib/x86_64-linux-gnu/qemu/block-*.so,
# loaded with g_module_open when a URL names their protocol).  Images
# in the data directory.
# Train converts a raw image to qcow2 and checks it.  Test converts
# raw to compressed qcow2 with 4 coroutines writing out of order, checks
# it, makes and lists an internal snapshot, an overlay committed into
# its backing file, a resize, conversions to VMDK, VDI and VHDX and a
# comparison, a map, a measure, a benchmark with Linux AIO (O_DIRECT)
# and one with io_uring, info as JSON, and info of an image by HTTP
# (the curl module, libcurl) and by SSH (the ssh module, libssh) from a
# loopback port where nothing listens: refused, as natively.
prepare() {
	rm -rf "$D/out"
	mkdir -p "$D/out"
	head -c 3000000 /dev/urandom >"$D/out/r.raw"
	truncate -s 16M "$D/out/r.raw"
}
TRAIN=(/bin/sh -c '
cd "$1/out" || exit 1
/usr/bin/qemu-img convert -f raw -O qcow2 r.raw t.qcow2 &&
/usr/bin/qemu-img check t.qcow2' sh "$D")
TEST=(/bin/sh -c '
cd "$1/out" || exit 1
q=/usr/bin/qemu-img
$q convert -f raw -O qcow2 -c -m 4 -W r.raw c.qcow2 &&
$q check c.qcow2 &&
$q snapshot -c s1 c.qcow2 && $q snapshot -l c.qcow2 | grep -q s1 &&
$q create -f qcow2 -b c.qcow2 -F qcow2 o.qcow2 &&
$q commit o.qcow2 &&
$q resize c.qcow2 32M &&
$q convert -O vmdk c.qcow2 c.vmdk && $q convert -O vdi c.qcow2 c.vdi &&
$q convert -O vhdx c.vdi c.vhdx &&
$q compare -f qcow2 -F vhdx c.qcow2 c.vhdx &&
$q map --output=json c.qcow2 | grep -q data &&
$q measure -O qcow2 c.vmdk | grep -q required &&
$q bench -c 200 -d 4 -t none -i native -w o.qcow2 | grep -q Run &&
$q bench -c 200 -d 4 -i io_uring o.qcow2 | grep -q Run &&
$q info --output=json c.vhdx | grep -q vhdx &&
{ $q info http://127.0.0.1:9/x.qcow2 >http.log 2>&1; [ $? = 1 ]; } &&
grep -q "CURL: Error opening file" http.log &&
{ $q info ssh://127.0.0.1:9/x >ssh.log 2>&1; [ $? = 1 ]; } &&
grep -q "Connection refused" ssh.log &&
echo ok' sh "$D")
