# lua5.4: train formats numbers; test reads a child's output, formats
# dates, makes and renames temporary files, runs a command, reads lines
# and collects garbage.
prepare() {
	printf 'a\nb\nc\n' >"$D/in.txt"
	cat >"$D/test.lua" <<LUA
local d = "$D"
local p = io.popen("echo hi")
assert(p:read("l") == "hi")
p:close()
assert(os.date("%Y", os.time()) ~= "")
local c = os.clock()
local t = os.tmpname()
local f = assert(io.open(d .. "/w.txt", "w"))
f:write(string.rep("x", 100000))
f:close()
assert(os.rename(d .. "/w.txt", d .. "/w2.txt"))
assert(os.remove(d .. "/w2.txt"))
os.remove(t)
assert(os.getenv("PATH"))
assert(os.execute("true"))
local n = 0
for l in io.lines(d .. "/in.txt") do n = n + 1 end
assert(n == 3)
local big = {}
for i = 1, 200000 do big[i] = tostring(i) end
big = nil
collectgarbage()
print("ok")
LUA
}
TRAIN=(/usr/bin/lua5.4 -e 'print(string.format("%d %5.2f", 1 + 1, 3.14159))')
TEST=(/usr/bin/lua5.4 "$D/test.lua")
