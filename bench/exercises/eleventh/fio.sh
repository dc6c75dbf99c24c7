# fio 3.33: its I/O engines (built in: libaio linked, io_uring by its
# own system calls), each job a process forked
# from the main one sharing its state through shared memory (or a
# thread with --thread), the engines' own system calls (io_submit and
# io_getevents, io_uring_setup, io_uring_enter and io_uring_register,
# mmap and msync, POSIX AIO's threads, pwrite and fsync), verification.
# Files in the data directory.
# Train runs a psync random read-write job.  Test runs libaio at depth
# 8, io_uring twice (the second with fixed buffers and registered
# files), mmap, POSIX AIO, sync writes with fsync by two jobs as
# threads, and a psync write verified by CRC32C; each JSON report
# checked for no error.
prepare() {
	rm -rf "$D/out"
	mkdir -p "$D/out"
}
TRAIN=(/usr/bin/fio --name=t --ioengine=psync --rw=randrw --size=4M --bs=4k
	--filename="$D/out/t" --output-format=terse)
TEST=(/bin/sh -c '
cd "$1/out" || exit 1
f=/usr/bin/fio
c="--size=4M --bs=4k --output-format=json --group_reporting"
$f --name=a --ioengine=libaio --iodepth=8 --rw=randwrite --filename=la $c \
	>la.json &&
$f --name=u --ioengine=io_uring --iodepth=8 --rw=randrw --filename=ur $c \
	>ur.json &&
$f --name=u2 --ioengine=io_uring --iodepth=4 --fixedbufs --registerfiles \
	--rw=read --filename=ur $c >ur2.json &&
$f --name=m --ioengine=mmap --rw=randrw --filename=mm $c >mm.json &&
$f --name=p --ioengine=posixaio --iodepth=4 --rw=write --filename=pa $c \
	>pa.json &&
$f --name=s --ioengine=sync --rw=write --fsync=8 --numjobs=2 --thread \
	--filename=sy $c >sy.json &&
$f --name=v --ioengine=psync --rw=write --verify=crc32c --do_verify=1 \
	--filename=ve $c >ve.json &&
for j in la ur ur2 mm pa sy ve; do
	grep -q "\"error\" : 0" $j.json || exit 1
done &&
echo ok' sh "$D")
