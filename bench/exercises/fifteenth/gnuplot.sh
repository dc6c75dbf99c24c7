# gnuplot 5.4 (gnuplot-nox): a plotting program reading its script,
# writing terminals of text and of images (libgd, SVG, PostScript),
# fitting by least squares, reading data from files and from commands it
# runs through a shell (popen), and shell commands (system).
# Train plots a function on the dumb (text) terminal.
# Test plots a data file's columns with lines and points to PNG (libgd,
# fonts), SVG and PostScript; fits a function to the data (fit.log);
# computes statistics; writes a table (set table); plots the output of
# a command ('< cmd', popen); runs system() and reads its output; loops
# and multiplots; all from a script file.
prepare() {
	rm -rf "$D/g"
	mkdir -p "$D/g"
	for i in $(seq 1 200); do echo "$i $((i * 3 + i % 7)) $((i * i % 101))"; done \
		>"$D/g/data.txt"
	cat >"$D/g/test.gp" <<'GP'
set terminal png size 640,480
set output "plot.png"
plot "data.txt" using 1:2 with lines title "a", "" using 1:3 with points
set terminal svg
set output "plot.svg"
set multiplot layout 1,2
plot sin(x)
plot "< seq 1 50" using 1:($1*$1) with linespoints
unset multiplot
set terminal postscript eps color
set output "plot.eps"
f(x) = a*x + b
fit f(x) "data.txt" using 1:2 via a, b
plot "data.txt" using 1:2, f(x)
stats "data.txt" using 2 nooutput
set print "stats.txt"
print STATS_mean, STATS_max, a, b
do for [i=1:3] { print i*i }
n = system("wc -l < data.txt")
print n
unset print
set table "table.txt"
plot [0:10] x**2
unset table
GP
}
TRAIN=(/bin/sh -c 'cd "$1" && /usr/bin/gnuplot -e "set terminal dumb; plot sin(x)"' sh "$D")
TEST=(/bin/sh -c '
cd "$1/g" || exit 1
/usr/bin/gnuplot test.gp && [ -s plot.png ] && grep -q "<svg" plot.svg &&
grep -q EPSF plot.eps && [ -s fit.log ] && grep -q "^ *200$" stats.txt &&
grep -q "^9$" stats.txt && [ -s table.txt ] && echo ok' sh "$D")
