# LuaJIT 2.1: a trace compiler writing machine code into memory it maps
# and protects itself (the mcode area, flipped between writable and
# executable per trace), its FFI calling C functions of the C library
# and of a library it loads by name (ffi.load) with no Lua binding, and
# Lua's io and os libraries.  Train prints a sum; test runs hot loops
# (traces compiled, side traces, a trace flushed by jit.flush), FFI calls
# (getpid, strlen, qsort with a callback, gettimeofday into a struct,
# a sleep by usleep, a lock file by open and flock, libz's
# compressBound through ffi.load), coroutines, a file written and
# read, io.popen and os.execute through /bin/sh, os.time and os.date,
# and a large table collected (collectgarbage).
prepare() {
	rm -f "$D/out.txt" "$D/lock"
	cat >"$D/test.lua" <<'LUA'
local ffi = require("ffi")
local d = arg[1]
local s = 0
for i = 1, 3e6 do if i % 3 == 0 then s = s + i else s = s - 1 end end
assert(s == 1500001500000 - 2000000)
local function f(x) return x * 2 end
local t = {}
for i = 1, 200000 do t[i] = f(i) end
assert(t[200000] == 400000)
jit.flush()
for i = 1, 100000 do t[i] = t[i] + 1 end
ffi.cdef[[
int getpid(void);
size_t strlen(const char *);
typedef struct { long tv_sec; long tv_usec; } tv;
int gettimeofday(tv *, void *);
void qsort(void *, size_t, size_t, int (*)(const void *, const void *));
unsigned long compressBound(unsigned long);
int usleep(unsigned int);
int flock(int, int);
int open(const char *, int, ...);
int close(int);
]]
assert(ffi.C.getpid() > 0)
assert(ffi.C.strlen("hello") == 5)
local tv = ffi.new("tv")
assert(ffi.C.gettimeofday(tv, nil) == 0 and tv.tv_sec > 0)
local a = ffi.new("int[5]", {5, 3, 4, 1, 2})
local cmp = ffi.cast("int (*)(const void *, const void *)", function(x, y)
	return ffi.cast("const int *", x)[0] - ffi.cast("const int *", y)[0] end)
ffi.C.qsort(a, 5, 4, cmp)
cmp:free()
assert(a[0] == 1 and a[4] == 5)
assert(ffi.C.usleep(1000) == 0)
local fd = ffi.C.open(d .. "/lock", 0x40 + 1, 420)
assert(fd >= 0 and ffi.C.flock(fd, 2) == 0 and ffi.C.close(fd) == 0)
local z = ffi.load("z")
assert(z.compressBound(1000) >= 1000)
local co = coroutine.wrap(function() for i = 1, 3 do coroutine.yield(i) end end)
assert(co() + co() + co() == 6)
local fh = assert(io.open(d .. "/out.txt", "w"))
fh:write(string.rep("x", 100000)) fh:close()
fh = assert(io.open(d .. "/out.txt")) assert(#fh:read("*a") == 100000) fh:close()
local p = io.popen("echo hi") assert(p:read("*l") == "hi") p:close()
assert(os.execute("true") == 0)
assert(os.date("%Y", os.time()) >= "2024")
local big = {} for i = 1, 1e6 do big[i] = {i} end big = nil
collectgarbage() collectgarbage()
print("ok")
LUA
}
TRAIN=(/usr/bin/luajit -e 'local s = 0 for i = 1, 100 do s = s + i end print(s)')
TEST=(/bin/sh -c '/usr/bin/luajit "$1/test.lua" "$1" | grep -q ok' sh "$D")
