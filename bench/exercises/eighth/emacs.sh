# GNU Emacs 28 in batch mode (emacs-nox, its portable dumper's image
# loaded at start-up): Emacs Lisp byte-compiled and compiled to native
# code (libgccjit, which runs GCC's assembler and linker, the .eln
# loaded with dlopen), Lisp threads, timers, asynchronous processes and
# network processes on its event loop, file notifications (inotify), its
# libraries (libjansson's JSON, zlib, GnuTLS's digests).
# Train prints a sum; test byte-compiles a file and loads it, compiles
# it to native code and loads the .eln, runs 2 Lisp threads with a mutex
# and a condition variable, a timer, a process with a pipe and a filter,
# call-process, a TCP server and a client on the loopback (network
# processes), a file watched with file-notify, JSON, gzip data
# uncompressed, sha256, a temporary buffer written to a file, and 1M
# conses collected.
prepare() {
	rm -rf "$D/eln" "$D"/*.elc "$D/out.txt" "$D/watched" "$D/z.gz"
	mkdir -p "$D/eln" "$D/watched"
	printf 'hello gzip\n' | gzip >"$D/z.gz"
	cat >"$D/lib.el" <<'EL'
;;; lib.el --- test library  -*- lexical-binding: t -*-
(defun sp-fib (n) (if (< n 2) n (+ (sp-fib (- n 1)) (sp-fib (- n 2)))))
(provide 'lib)
EL
	cat >"$D/test.el" <<'EL'
;;; test.el -*- lexical-binding: t -*-
(require 'filenotify)
(defvar d (getenv "SPD"))
(defun check (what ok) (unless ok (message "failed: %s" what) (kill-emacs 1)))
(setq native-comp-eln-load-path (list (expand-file-name "eln" d)))
(setq byte-compile-warnings nil native-comp-async-report-warnings-errors nil)
(check "byte-compile" (byte-compile-file (expand-file-name "lib.el" d)))
(load (expand-file-name "lib.elc" d) nil t)
(check "fib" (= (sp-fib 20) 6765))
(let ((eln (native-compile (expand-file-name "lib.el" d))))
  (check "native-compile" (and eln (file-exists-p eln)))
  (load eln nil t)
  (check "native fib" (and (subr-native-elisp-p (symbol-function 'sp-fib)) (= (sp-fib 22) 17711))))
(let* ((m (make-mutex)) (cv (make-condition-variable m)) (flag nil)
       (th (make-thread (lambda () (with-mutex m (setq flag t) (condition-notify cv))))))
  (with-mutex m (while (not flag) (condition-wait cv)))
  (thread-join th)
  (check "thread" flag))
(let ((hit nil))
  (run-at-time 0.05 nil (lambda () (setq hit t)))
  (while (not hit) (accept-process-output nil 0.05))
  (check "timer" hit))
(let* ((out "")
       (p (make-process :name "seq" :command '("/usr/bin/seq" "1" "100")
                        :connection-type 'pipe
                        :filter (lambda (_p s) (setq out (concat out s))))))
  (while (process-live-p p) (accept-process-output p 0.1))
  (accept-process-output p 0.1)
  (check "process" (= (length (split-string out "\n" t)) 100)))
(check "call-process" (= 0 (call-process "/bin/true")))
(let* ((got nil)
       (srv (make-network-process :name "srv" :server t :host "127.0.0.1" :service t
                                  :family 'ipv4
                                  :filter (lambda (p s) (process-send-string p (concat "re:" s)))))
       (port (process-contact srv :service))
       (cl (make-network-process :name "cl" :host "127.0.0.1" :service port
                                 :filter (lambda (_p s) (setq got (concat got s))))))
  (process-send-string cl "hi")
  (while (not (equal got "re:hi")) (accept-process-output nil 0.05))
  (delete-process cl) (delete-process srv)
  (check "tcp" (equal got "re:hi")))
(let* ((seen nil)
       (w (file-notify-add-watch (expand-file-name "watched" d) '(change)
                                 (lambda (e) (setq seen e)))))
  (write-region "x" nil (expand-file-name "watched/f" d) nil 'silent)
  (let ((n 0)) (while (and (not seen) (< n 100)) (accept-process-output nil 0.05) (setq n (1+ n))))
  (file-notify-rm-watch w)
  (check "file-notify" seen))
(check "json" (equal (gethash "k" (json-parse-string "{\"k\": 42}")) 42))
(with-temp-buffer
  (set-buffer-multibyte nil)
  (insert-file-contents-literally (expand-file-name "z.gz" d))
  (check "zlib" (and (zlib-decompress-region (point-min) (point-max))
                     (equal (buffer-string) "hello gzip\n"))))
(check "sha256" (equal (secure-hash 'sha256 "abc")
                       "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"))
(with-temp-file (expand-file-name "out.txt" d) (insert "written\n"))
(check "file" (file-exists-p (expand-file-name "out.txt" d)))
(check "list" (= (length (number-sequence 1 1000000)) 1000000))
(garbage-collect)
(princ "ok\n")
EL
}
TRAIN=(/usr/bin/emacs -Q --batch --eval '(princ (+ 40 2))')
TEST=(/bin/sh -c 'HOME="$1" SPD="$1" /usr/bin/emacs -Q --batch -l "$1/test.el" | grep -q ok' sh "$D")
