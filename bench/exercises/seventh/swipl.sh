# SWI-Prolog 9.0 (swi-prolog-nox): its threads (a thread pool of
# concurrent_maplist, message queues, mutexes), its garbage collectors
# (stacks, atoms, clauses: a gc thread of its own), foreign libraries of
# its packages loaded at run time (socket, process, sha, zlib, readutil:
# .so files under its home), tabling and compiling a file to .qlf.
# Train writes a sum; test compiles a file to .qlf and loads it, runs 4
# threads exchanging messages, concurrent_maplist, a mutex, tabled
# Fibonacci, assert and retract of 100000 clauses, a TCP server thread
# and a client on the loopback, process_create of a command with a
# pipe, shell, sha256, a gzip stream, read_term from a file and a large
# allocation with garbage_collect.
prepare() {
	rm -f "$D"/*.qlf "$D/out.gz"
	cat >"$D/lib.pl" <<'PL'
:- table fib/2.
fib(0, 0). fib(1, 1).
fib(N, F) :- N > 1, A is N-1, B is N-2, fib(A, FA), fib(B, FB), F is FA+FB.
PL
	cat >"$D/test.pl" <<'PL'
:- use_module(library(socket)).
:- use_module(library(process)).
:- use_module(library(sha)).
:- use_module(library(zlib)).
:- use_module(library(readutil)).
:- use_module(library(thread)).
:- dynamic fact/1.
check(G) :- ( catch(G, E, (print_message(error, E), fail)) -> true ; format(user_error, "failed: ~q~n", [G]), halt(1) ).
worker(Q) :- thread_get_message(Q, N), M is N * 2, thread_send_message(main, got(M)).
serve(S) :- tcp_accept(S, C, _), tcp_open_socket(C, St),
	read_line_to_string(St, L), format(St, "re:~w~n", [L]), close(St).
run :-
	getenv('SPD', D),
	atom_concat(D, '/lib.pl', Lib), check(qcompile(Lib)),
	check((fib(200, F), F > 10^40)),
	findall(Id-Q, (between(1, 4, _), message_queue_create(Q), thread_create(worker(Q), Id)), Ws),
	forall(member(_-Q, Ws), thread_send_message(Q, 21)),
	findall(M, (member(_, Ws), thread_get_message(got(M))), Ms), check(Ms == [42,42,42,42]),
	forall(member(Id-_, Ws), thread_join(Id, true)),
	check((concurrent_maplist([X,Y]>>(Y is X*X), [1,2,3,4,5,6], Sq), Sq == [1,4,9,16,25,36])),
	mutex_create(Mx), check(with_mutex(Mx, true)),
	forall(between(1, 100000, I), assertz(fact(I))), aggregate_all(count, fact(_), Cn), check(Cn == 100000),
	retractall(fact(_)),
	tcp_socket(S), tcp_bind(S, '127.0.0.1':Port), tcp_listen(S, 5),
	thread_create(serve(S), T),
	tcp_connect('127.0.0.1':Port, St, []), format(St, "hi~n", []), flush_output(St),
	read_line_to_string(St, R), close(St), thread_join(T, _), tcp_close_socket(S), check(R == "re:hi"),
	process_create(path(seq), ['1', '100'], [stdout(pipe(Out))]), read_string(Out, _, Str), close(Out),
	split_string(Str, "\n", "", Ls), check(length(Ls, 101)),
	check(shell('true')),
	sha_hash(abc, H, [algorithm(sha256)]), hash_atom(H, HA), check(sub_atom(HA, 0, _, _, ba7816bf)),
	atom_concat(D, '/out.gz', Gz), gzopen(Gz, write, W), format(W, "~q.~n", [hello]), close(W),
	gzopen(Gz, read, Rd), read_term(Rd, Tm, []), close(Rd), check(Tm == hello),
	numlist(1, 1000000, NL), sum_list(NL, Sum), check(Sum == 500000500000), garbage_collect, garbage_collect_atoms,
	writeln(ok).
PL
}
TRAIN=(/usr/bin/swipl -g 'X is 40 + 2, write(X), nl' -t halt)
TEST=(/bin/sh -c 'SPD="$1" HOME="$1" /usr/bin/swipl -g run -t halt "$1/test.pl" | grep -q ok' sh "$D")
