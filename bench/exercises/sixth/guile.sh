# GNU Guile 3.0: the Boehm-Demers-Weiser collector with parallel marker
# threads, stopping the world with signals (SIGPWR, SIGXCPU), its
# finalizer thread, its JIT (GNU lightning) compiling hot procedures, and
# its compiler run when a script is compiled on first use.  Train
# evaluates a sum; test compiles a module (auto-compilation into
# XDG_CACHE_HOME), runs 4 threads allocating (collections stopping them),
# par-map (futures on their own threads), a mutex and a condition
# variable, a hot loop (JIT), a file written and read, a pipe to
# /bin/sh (open-pipe*), a socket pair, a hash table, bignums, a guardian
# and sleep.
prepare() {
	rm -rf "$D/cache" "$D/out.txt"
	mkdir -p "$D/cache"
	cat >"$D/test.scm" <<'SCM'
(use-modules (ice-9 threads) (ice-9 popen) (ice-9 rdelim)
             (ice-9 textual-ports) (srfi srfi-1))
(define (alloc n) (let loop ((i 0) (l '())) (if (= i n) (length l)
                   (loop (1+ i) (cons (make-vector 10 i) l)))))
(define ts (map (lambda (k) (call-with-new-thread (lambda () (alloc 200000))))
                (iota 4)))
(unless (equal? (map join-thread ts) '(200000 200000 200000 200000)) (exit 1))
(gc)
(unless (equal? (par-map (lambda (x) (* x x)) (iota 100))
                (map (lambda (x) (* x x)) (iota 100))) (exit 2))
(define m (make-mutex)) (define c (make-condition-variable)) (define v #f)
(call-with-new-thread (lambda () (with-mutex m (set! v #t)
                                   (signal-condition-variable c))))
(with-mutex m (let loop () (unless v (wait-condition-variable c m) (loop))))
(define (fib n) (if (< n 2) n (+ (fib (- n 1)) (fib (- n 2)))))
(unless (= (fib 24) 46368) (exit 3))
(call-with-output-file "data/out.txt" (lambda (p) (display "hello" p)))
(unless (string=? (call-with-input-file "data/out.txt" get-string-all) "hello")
  (exit 4))
(let* ((p (open-input-pipe "echo hi")) (l (read-line p)))
  (unless (and (string=? l "hi") (zero? (status:exit-val (close-pipe p))))
    (exit 5)))
(let ((sp (socketpair AF_UNIX SOCK_STREAM 0)))
  (display "x" (car sp)) (force-output (car sp))
  (unless (char=? (read-char (cdr sp)) #\x) (exit 6)))
(define h (make-hash-table))
(for-each (lambda (i) (hash-set! h i (* i i))) (iota 10000))
(unless (= (hash-ref h 99) 9801) (exit 7))
(unless (= (expt 3 200) (* (expt 3 100) (expt 3 100))) (exit 8))
(define g (make-guardian)) (g (make-vector 100)) (gc) (g)
(usleep 100000)
(display "ok\n")
SCM
}
TRAIN=(/bin/sh -c 'cd "$1" && HOME="$1" XDG_CACHE_HOME="$1/data/cache" \
	/usr/bin/guile -c "(display (apply + (iota 101)))"' sh "$D/..")
TEST=(/bin/sh -c 'cd "$1" && HOME="$1" XDG_CACHE_HOME="$1/data/cache" \
	/usr/bin/guile data/test.scm | grep -q ok' sh "$D/..")
