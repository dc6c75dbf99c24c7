# GNU Octave 7.3 (octave-cli): an interpreter on liboctinterp with
# BLAS and LAPACK (Debian's reference libraries, through the
# alternatives in /usr/lib/x86_64-linux-gnu), FFTW, its parser and
# function files found on its load path, its own file formats (text,
# binary, HDF5 through libhdf5), processes by fork/exec and popen, and
# its graphics off (no display, plotting not asked).
# Train prints a sum.  Test runs a function file from a directory added
# to the path, linear algebra (a solve, eig, svd, inv, chol), an FFT,
# sorting and cumulative sums over 1M numbers, cellfun and a struct
# array, regexp and strsplit, an error caught, save and load in text,
# binary and HDF5 formats, fopen/fprintf/fgetl, dir and mkdir, system,
# popen, getenv, datestr and pause.
prepare() {
	rm -rf "$D/work"
	mkdir -p "$D/work/fn"
	cat >"$D/work/fn/addsq.m" <<'M'
function r = addsq(a, b)
  r = a .^ 2 + b .^ 2;
end
M
	cat >"$D/work/run_test.m" <<'M'
1;
function check(ok, what)
  if ! ok
    fprintf(2, "failed: %s\n", what); exit(1);
  end
end
addpath([pwd "/fn"]);
check(addsq(3, 4) == 25, "function file");
A = magic(50) + eye(50) * 100; b = (1:50)';
x = A \ b; check(norm(A * x - b) < 1e-8, "solve");
e = eig(A' * A); check(all(e > 0), "eig");
s = svd(A); check(abs(s(1) - norm(A)) < 1e-6, "svd");
check(norm(inv(A) * A - eye(50)) < 1e-8, "inv");
R = chol(A' * A); check(norm(R' * R - A' * A) < 1e-3, "chol");
f = fft(sin(2 * pi * 5 * (0:255) / 256)); [~, k] = max(abs(f(1:128)));
check(k == 6, "fft");
v = rand(1, 1e6); w = sort(v); check(issorted(w), "sort");
c = cumsum(ones(1, 1e6)); check(c(end) == 1e6, "cumsum");
n = cellfun(@numel, {"a", "bb", "ccc"}); check(isequal(n, [1 2 3]), "cellfun");
st = struct("name", {"x", "y"}, "v", {1, 2}); check(sum([st.v]) == 3, "struct");
t = regexp("key=val; k2=v2", '(\w+)=(\w+)', "tokens"); check(strcmp(t{2}{2}, "v2"), "regexp");
p = strsplit("a,b,c", ","); check(numel(p) == 3, "strsplit");
try
  error("my:id", "boom %d", 3);
catch err
  check(strcmp(err.identifier, "my:id"), "error");
end
m = magic(4);
save("-text", "m.txt", "m"); clear m; load("m.txt"); check(m(1, 1) == 16, "text");
save("-binary", "m.bin", "m"); clear m; load("m.bin"); check(m(1, 1) == 16, "binary");
save("-hdf5", "m.h5", "m"); clear m; load("m.h5"); check(m(1, 1) == 16, "hdf5");
fd = fopen("f.txt", "w"); fprintf(fd, "line %d\n", 1:3); fclose(fd);
fd = fopen("f.txt"); l = fgetl(fd); fclose(fd); check(strcmp(l, "line 1"), "file");
mkdir("sub"); d = dir("*.txt"); check(numel(d) == 2, "dir");
[st, out] = system("echo hi"); check(st == 0 && strcmp(strtrim(out), "hi"), "system");
fd = popen("echo piped", "r"); l = fgetl(fd); pclose(fd); check(strcmp(l, "piped"), "popen");
check(! isempty(getenv("HOME")), "getenv");
check(numel(datestr(now)) > 10, "datestr");
pause(0.05);
printf("ok\n");
M
}
TRAIN=(/usr/bin/octave-cli --no-gui --norc --quiet --eval 'disp(sum(1:100))')
TEST=(/bin/sh -c 'cd "$1/work" && HOME="$1" /usr/bin/octave-cli --norc --quiet run_test.m' sh "$D")
