# Z3 4.8.12 (z3): an SMT solver reading SMT-LIB 2, with a thread pool of
# its own for parallel solving and a timeout thread (timers), its
# memory limits, models, unsat cores and optimization.
# Train checks one formula of linear integer arithmetic.
# Test solves bit-vectors, arrays and uninterpreted functions, real
# arithmetic, quantifiers (prints the model); gets an unsat core; finds
# an optimum (maximize); solves in parallel on 2 threads
# (parallel.enable, sat.threads) and with a timeout (-T) and a memory
# limit; reads DIMACS (a SAT problem) from a file.
prepare() {
	rm -rf "$D/z"
	mkdir -p "$D/z"
	cat >"$D/z/train.smt2" <<'S'
(declare-const x Int)
(declare-const y Int)
(assert (and (> x 2) (< y 10) (= (+ x y) 15)))
(check-sat)
(get-model)
S
	cat >"$D/z/bv.smt2" <<'S'
(set-option :produce-unsat-cores true)
(declare-const a (_ BitVec 32))
(declare-const b (_ BitVec 32))
(declare-const m (Array Int Int))
(declare-fun f (Int) Int)
(assert (= (bvmul a #x00000003) #x0000000f))
(assert (= (bvand a b) #x00000001))
(assert (= (select (store m 3 9) 3) (f 7)))
(assert (forall ((z Int)) (= (f z) (+ z 2))))
(declare-const r Real)
(assert (= (* r 3.0) 1.0))
(check-sat)
(get-model)
(push)
(assert (! (> (f 1) 5) :named c1))
(assert (! (< (f 1) 2) :named c2))
(check-sat)
(get-unsat-core)
(pop)
S
	cat >"$D/z/opt.smt2" <<'S'
(declare-const x Int)
(declare-const y Int)
(assert (<= (+ (* 2 x) (* 3 y)) 60))
(assert (and (>= x 0) (>= y 0) (<= x 20)))
(maximize (+ x y))
(check-sat)
(get-objectives)
S
	# A pigeonhole problem: 7 pigeons, 6 holes (unsatisfiable).
	{
		echo "p cnf 42 0"
		for i in 0 1 2 3 4 5 6; do
			for h in 1 2 3 4 5 6; do printf "%s " $((i * 6 + h)); done; echo 0
		done
		for h in 1 2 3 4 5 6; do
			for j in 0 1 2 3 4 5 6; do for q in 0 1 2 3 4 5 6; do
				if [ $j -lt $q ]; then echo "-$((j * 6 + h)) -$((q * 6 + h)) 0"; fi
			done; done
		done
	} >"$D/z/php.cnf"
}
TRAIN=(/bin/sh -c '/usr/bin/z3 "$1/z/train.smt2"' sh "$D")
TEST=(/bin/sh -c '
cd "$1/z" || exit 1
z=/usr/bin/z3
$z bv.smt2 >bv.out && [ "$(grep -c ^sat bv.out)" = 1 ] &&
grep -q ^unsat bv.out && grep -q "c1 c2\|c2 c1" bv.out &&
$z opt.smt2 | grep -q "(+ x y) 26" &&
$z parallel.enable=true sat.threads=2 -dimacs php.cnf | grep -q ^s.UNSAT &&
$z -T:60 -memory:500 -smt2 opt.smt2 | grep -q ^sat &&
$z -st -smt2 bv.smt2 | grep -q ":total-time" && echo ok' sh "$D")
