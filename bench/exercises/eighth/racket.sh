# Racket 8.7 CS (on Chez Scheme: machine code its compiler writes into
# its own code segments, its collector): places (OS threads, each an
# instance of the runtime, talking over place channels), futures,
# green threads and their scheduler's timer, a module compiled by raco
# make, subprocesses, TCP, its libraries (file/gzip, file/sha1,
# json), its foreign interface (ffi/unsafe: C functions by name).
# Train prints a sum; test compiles a module with raco make and
# requires it, runs 2 places, futures, green threads with a channel and
# a semaphore, a TCP server thread and a client on the loopback, a
# subprocess with a pipe, system, gzip and gunzip, sha1 and sha256, JSON,
# files and a directory listing, getpriority called through ffi/unsafe,
# regular expressions, a 1M-element list and a major collection.
prepare() {
	rm -rf "$D/compiled" "$D/out.gz"
	cat >"$D/lib.rkt" <<'RKT'
#lang racket/base
(provide fib worker)
(require racket/place)
(define (fib n) (if (< n 2) n (+ (fib (- n 1)) (fib (- n 2)))))
(define (worker ch) (place-channel-put ch (* 2 (place-channel-get ch))))
RKT
	cat >"$D/test.rkt" <<'RKT'
#lang racket/base
(require racket/place racket/future racket/tcp racket/port racket/system
         racket/list file/gzip file/gunzip file/sha1 json ffi/unsafe "lib.rkt")
(define (check what ok) (unless ok (eprintf "failed: ~a\n" what) (exit 1)))
(define d (getenv "SPD"))
(module+ main
  (check "fib" (= (fib 20) 6765))
  (define ps (for/list ([i 2]) (dynamic-place (build-path d "lib.rkt") 'worker)))
  (for ([p ps]) (place-channel-put p 21))
  (check "places" (equal? (for/list ([p ps]) (place-channel-get p)) '(42 42)))
  (for ([p ps]) (place-wait p))
  (define fs (for/list ([i 4]) (future (lambda () (for/fold ([s 0]) ([j 1000000]) (+ s j))))))
  (check "futures" (andmap (lambda (f) (= (touch f) 499999500000)) fs))
  (define ch (make-channel))
  (define sem (make-semaphore 0))
  (thread (lambda () (channel-put ch 7) (semaphore-post sem)))
  (check "channel" (= (channel-get ch) 7))
  (semaphore-wait sem)
  (define l (tcp-listen 0 5 #t "127.0.0.1"))
  (define-values (_a port _b _c) (tcp-addresses l #t))
  (define srv (thread (lambda () (define-values (i o) (tcp-accept l))
                        (write-string (string-append "re:" (read-line i) "\n") o)
                        (close-output-port o) (close-input-port i))))
  (define-values (i o) (tcp-connect "127.0.0.1" port))
  (write-string "hi\n" o) (flush-output o)
  (check "tcp" (equal? (read-line i) "re:hi"))
  (thread-wait srv) (tcp-close l)
  (define-values (sp out in err) (subprocess #f #f #f "/usr/bin/seq" "1" "100"))
  (close-output-port in)
  (define lines (port->lines out))
  (subprocess-wait sp) (close-input-port out) (close-input-port err)
  (check "subprocess" (= (length lines) 100))
  (check "system" (parameterize ([current-output-port (open-output-nowhere)]) (system "true")))
  (define gz (build-path d "out.gz"))
  (call-with-output-file gz #:exists 'replace
    (lambda (o) (gzip-through-ports (open-input-string "hello gzip") o #f 0)))
  (check "gunzip" (equal? (with-output-to-string
                            (lambda () (call-with-input-file gz
                              (lambda (i) (gunzip-through-ports i (current-output-port))))))
                          "hello gzip"))
  (check "sha1" (equal? (sha1 (open-input-string "abc")) "a9993e364706816aba3e25717850c26c9cd0d89d"))
  (check "sha256" (equal? (bytes->hex-string (sha256-bytes (open-input-string "abc")))
                          "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"))
  (check "json" (equal? (hash-ref (string->jsexpr "{\"k\": [1, 2]}") 'k) '(1 2)))
  (check "dir" (member (string->path "lib.rkt") (directory-list d)))
  (define getpriority (get-ffi-obj "getpriority" #f (_fun _int _int -> _int)))
  (check "ffi" (integer? (getpriority 0 0)))
  (check "regexp" (equal? (regexp-match #px"(\\d+)-(\\d+)" "a 12-34 b") '("12-34" "12" "34")))
  (check "list" (= (length (range 1000000)) 1000000))
  (collect-garbage 'major)
  (displayln "ok"))
RKT
}
TRAIN=(/usr/bin/racket -e '(displayln (+ 40 2))')
TEST=(/bin/sh -c 'cd "$1" && HOME="$1" SPD="$1" PLTUSERHOME="$1" /usr/bin/raco make -v lib.rkt test.rkt >/dev/null && HOME="$1" SPD="$1" PLTUSERHOME="$1" /usr/bin/racket test.rkt | grep -q ok' sh "$D")
