# Erlang/OTP 25 (erlang-base): BEAM's schedulers, dirty schedulers and
# async threads, its own timer and poll threads, port programs.  Train
# sums a list on one scheduler; test runs two schedulers with 2000
# processes messaging each other, ETS tables, a TCP listener and client
# on the loopback (inet_drv, in the container's own network), files
# (the file server and dirty I/O), os:cmd (a port program through
# erl_child_setup and /bin/sh), zlib, timers, a monitored process that
# crashes, and term_to_binary to a file and back.
prepare() {
	cat >"$D/test.erl" <<'ERL'
-module(test).
-export([main/0]).
main() ->
    Self = self(),
    Pids = [spawn(fun() -> receive {N, From} -> From ! {done, N * 2} end end)
            || _ <- lists:seq(1, 2000)],
    [P ! {N, Self} || {P, N} <- lists:zip(Pids, lists:seq(1, 2000))],
    Sum = lists:sum([receive {done, X} -> X end || _ <- Pids]),
    4002000 = Sum,
    T = ets:new(t, [set, public]),
    [ets:insert(T, {K, K * K}) || K <- lists:seq(1, 1000)],
    [{10, 100}] = ets:lookup(T, 10),
    {ok, L} = gen_tcp:listen(0, [binary, {active, false}, {ip, {127,0,0,1}}]),
    {ok, Port} = inet:port(L),
    spawn(fun() -> {ok, S} = gen_tcp:accept(L),
                   {ok, B} = gen_tcp:recv(S, 5), gen_tcp:send(S, B),
                   gen_tcp:close(S) end),
    {ok, C} = gen_tcp:connect({127,0,0,1}, Port, [binary, {active, false}]),
    ok = gen_tcp:send(C, <<"hello">>),
    {ok, <<"hello">>} = gen_tcp:recv(C, 5),
    gen_tcp:close(C),
    Dir = "data/e", ok = filelib:ensure_dir(Dir ++ "/x"),
    ok = file:write_file(Dir ++ "/t.bin", term_to_binary({a, [1,2,3]})),
    {ok, Bin} = file:read_file(Dir ++ "/t.bin"),
    {a, [1,2,3]} = binary_to_term(Bin),
    {ok, Files} = file:list_dir(Dir), true = lists:member("t.bin", Files),
    "hi\n" = os:cmd("echo hi"),
    Z = zlib:compress(binary:copy(<<"abc">>, 1000)),
    3000 = byte_size(zlib:uncompress(Z)),
    erlang:send_after(50, self(), tick),
    receive tick -> ok after 2000 -> exit(no_tick) end,
    {Pid, Ref} = spawn_monitor(fun() -> exit(crash) end),
    receive {'DOWN', Ref, process, Pid, crash} -> ok end,
    io:format("ok~n").
ERL
}
TRAIN=(/bin/sh -c '/usr/bin/erl -noshell +S 1 -eval \
	"io:format(\"~p~n\", [lists:sum(lists:seq(1, 100))]), halt()."')
TEST=(/bin/sh -c 'cd "$1" && /usr/bin/erlc -o data data/test.erl &&
	/usr/bin/erl -noshell +S 2 -pa data -eval "test:main(), halt()." |
	grep -q ok' sh "$D/..")
