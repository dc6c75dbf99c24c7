# Gforth 0.7 (a Forth whose engine runs threaded code, with dynamic
# superinstructions: machine code of its primitives copied into memory it
# maps executable; its image file loaded at start-up): words compiled at
# run time, files, `system`, memory allocated and freed, exceptions,
# and faults of the program (a stack underflow, an invalid address)
# caught by its signal handlers and turned into Forth exceptions.
# Train prints a sum; test compiles and runs words (a recursive
# Fibonacci, a 3M-iteration loop), includes a file, writes and reads a
# file, runs a command with `system`, allocates and resizes memory,
# catches a throw, a stack underflow and a read at address 0 (SIGSEGV
# handled), floating point, and `ms`.
prepare() {
	rm -f "$D/out.txt"
	cat >"$D/lib.fs" <<'FS'
: fib ( n -- f ) dup 2 < if exit then dup 1- recurse swap 2 - recurse + ;
FS
	cat >"$D/test.fs" <<'FS'
: check ( f addr u -- ) rot 0= if ." failed: " type cr 1 (bye) else 2drop then ;
s" lib.fs" included
20 fib 6765 = s" fib" check
: loop3m 0 3000000 0 do i + loop ; loop3m 4499998500000 = s" loop" check
s" out.txt" r/w create-file throw value fd
s" hello file" fd write-line throw fd close-file throw
create buf 80 allot
s" out.txt" r/o open-file throw to fd
buf 80 fd read-line throw drop buf swap s" hello file" compare 0= s" read" check
fd close-file throw
s" true" system $? 0= s" system" check
1000000 allocate throw 2000000 resize throw free throw
: thrower 42 throw ; ' thrower catch 42 = s" throw" check
: under drop drop drop ; ' under catch 0<> s" underflow" check
: nullread 0 @ ; ' nullread catch 0<> s" segv" check
2e fsqrt 1.41421356e f- fabs 1e-6 f< s" float" check
10 ms
.( ok) cr
bye
FS
}
TRAIN=(/usr/bin/gforth -e '40 2 + . cr bye')
TEST=(/bin/sh -c 'cd "$1" && HOME="$1" /usr/bin/gforth test.fs | grep -q ok' sh "$D")
