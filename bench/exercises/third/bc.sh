# bc: train adds two numbers; test loads the math library, computes 200
# digits of pi and a square root, runs a recursive function from a file
# and reads its input from a pipe.
prepare() {
	cat >"$D/f.bc" <<'BC'
define f(n) { if (n < 2) return (n); return (f(n - 1) + f(n - 2)); }
f(20)
BC
	cat >"$D/test.sh" <<SH
B=/usr/bin/bc
echo 'scale=200; 4*a(1)' | \$B -l | grep -q 3.14159 || exit 1
echo 'scale=50; sqrt(2)' | \$B | grep -q 1.41421 || exit 1
[ "\$(\$B -q "$D/f.bc" </dev/null)" = 6765 ] || exit 1
printf 'obase=16\n255\n' | \$B | grep -q FF
SH
}
TRAIN=(/bin/sh -c 'echo 2+2 | /usr/bin/bc' sh)
TEST=(/bin/sh "$D/test.sh")
