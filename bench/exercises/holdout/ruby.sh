# ruby: train prints a sum; test runs threads and a queue, encodes JSON
# to a file, formats times, reads a child's output, forks, globs, uses a
# socket pair and sleeps.
prepare() {
	cat >"$D/test.rb" <<RB
require "json"
require "socket"
d = "$D"
q = Queue.new
ts = 4.times.map { |i| Thread.new { q << i * i } }
ts.each(&:join)
raise unless 4.times.map { q.pop }.sum == 14
File.write("#{d}/r.json", JSON.generate({ "t" => Time.now.strftime("%F %T"), "a" => [1, 2] }))
raise unless JSON.parse(File.read("#{d}/r.json"))["a"] == [1, 2]
raise unless IO.popen(["echo", "hi"], &:read) == "hi\n"
pid = fork { exit 3 }
Process.wait(pid)
raise unless \$?.exitstatus == 3
raise if Dir.glob("#{d}/*.json").empty?
a, b = UNIXSocket.pair
a.write("x")
raise unless b.read(1) == "x"
sleep 0.05
puts "ok"
RB
}
TRAIN=(/usr/bin/ruby -e 'puts 1 + 2')
TEST=(/usr/bin/ruby "$D/test.rb")
