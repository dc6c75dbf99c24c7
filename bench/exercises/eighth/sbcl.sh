# SBCL 2.2 (Common Lisp compiled to machine code by its own compiler, in
# a heap it maps itself): its generational collector (stop-the-world by
# signals to the other threads, card marking), threads with mutexes and
# condition variables, code compiled at run time and into a fasl file,
# a control stack exhausted and recovered from (its guard pages,
# SIGSEGV handled), contribs loaded with require (sb-bsd-sockets,
# sb-posix, sb-md5, sb-concurrency), run-program, timers.
# Train prints a sum; test compiles a file to a fasl and loads it, runs
# 4 threads allocating (collections stop them), a mutex and a condition
# variable, a mailbox (sb-concurrency), deep recursion until the control
# stack is exhausted (handled), a TCP server thread and a client on the
# loopback (sb-bsd-sockets), run-program of a command with its output,
# sb-posix calls, an md5, a timer, files, a 1M-element list and a full
# collection.
prepare() {
	rm -f "$D"/*.fasl "$D/out.txt"
	cat >"$D/lib.lisp" <<'LISP'
(defun fib (n) (if (< n 2) n (+ (fib (- n 1)) (fib (- n 2)))))
LISP
	cat >"$D/test.lisp" <<'LISP'
(require :sb-bsd-sockets)
(require :sb-posix)
(require :sb-md5)
(require :sb-concurrency)
(defun check (what ok)
  (unless ok (format *error-output* "failed: ~a~%" what) (sb-ext:exit :code 1 :abort t)))
(defvar *d* (sb-posix:getenv "SPD"))
(let ((fasl (compile-file (format nil "~a/lib.lisp" *d*) :verbose nil :print nil)))
  (load fasl))
(check "fib" (= (fib 20) 6765))
(check "compile" (= (funcall (compile nil '(lambda (x) (* x x))) 12) 144))
(let* ((threads (loop for i below 4 collect
                  (sb-thread:make-thread
                   (lambda () (let ((l nil)) (dotimes (j 200000) (push (cons j j) l)) (length l))))))
       (res (mapcar #'sb-thread:join-thread threads)))
  (check "threads" (equal res '(200000 200000 200000 200000))))
(let* ((m (sb-thread:make-mutex)) (cv (sb-thread:make-waitqueue)) (flag nil)
       (th (sb-thread:make-thread
            (lambda () (sb-thread:with-mutex (m) (setf flag t) (sb-thread:condition-notify cv))))))
  (sb-thread:with-mutex (m) (loop until flag do (sb-thread:condition-wait cv m)))
  (sb-thread:join-thread th)
  (check "condition" flag))
(let ((mb (sb-concurrency:make-mailbox)))
  (sb-thread:make-thread (lambda () (sb-concurrency:send-message mb 42)))
  (check "mailbox" (= (sb-concurrency:receive-message mb) 42)))
(defun deep (n) (1+ (deep (1+ n))))
(check "stack" (handler-case (progn (deep 0) nil) (storage-condition () t)))
(let ((srv (make-instance 'sb-bsd-sockets:inet-socket :type :stream :protocol :tcp)))
  (setf (sb-bsd-sockets:sockopt-reuse-address srv) t)
  (sb-bsd-sockets:socket-bind srv #(127 0 0 1) 0)
  (sb-bsd-sockets:socket-listen srv 5)
  (let* ((port (nth-value 1 (sb-bsd-sockets:socket-name srv)))
         (th (sb-thread:make-thread
              (lambda () (let* ((c (sb-bsd-sockets:socket-accept srv))
                                (s (sb-bsd-sockets:socket-make-stream c :input t :output t)))
                           (format s "re:~a~%" (read-line s)) (finish-output s) (close s)))))
         (cl (make-instance 'sb-bsd-sockets:inet-socket :type :stream :protocol :tcp)))
    (sb-bsd-sockets:socket-connect cl #(127 0 0 1) port)
    (let ((s (sb-bsd-sockets:socket-make-stream cl :input t :output t)))
      (format s "hi~%") (finish-output s)
      (check "tcp" (string= (read-line s) "re:hi")) (close s))
    (sb-thread:join-thread th)
    (sb-bsd-sockets:socket-close srv)))
(check "run-program"
       (string= (with-output-to-string (o) (sb-ext:run-program "/bin/echo" '("piped") :output o))
                (format nil "piped~%")))
(check "posix" (> (sb-posix:getpid) 0))
(check "md5" (string= (format nil "~(~{~2,'0x~}~)" (coerce (sb-md5:md5sum-string "abc") 'list))
                      "900150983cd24fb0d6963f7d28e17f72"))
(let* ((hit nil) (tm (sb-ext:make-timer (lambda () (setf hit t)) :thread t)))
  (sb-ext:schedule-timer tm 0.05)
  (sleep 0.3)
  (check "timer" hit))
(with-open-file (o (format nil "~a/out.txt" *d*) :direction :output :if-exists :supersede)
  (format o "~a~%" (get-universal-time)))
(check "file" (probe-file (format nil "~a/out.txt" *d*)))
(check "list" (= (length (loop for i below 1000000 collect i)) 1000000))
(sb-ext:gc :full t)
(write-line "ok")
LISP
}
TRAIN=(/usr/bin/sbcl --non-interactive --no-sysinit --no-userinit --eval '(print (+ 40 2))')
TEST=(/bin/sh -c 'SPD="$1" HOME="$1" /usr/bin/sbcl --non-interactive --no-sysinit --no-userinit --load "$1/test.lisp" | grep -q ok' sh "$D")
