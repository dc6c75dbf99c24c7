# An OCaml 4.13 program compiled to native code (ocamlopt, on the host:
# one executable, its exercise chosen by its argument): the native
# runtime's collector (minor heap, major slices, compaction), systhreads
# (a master lock passed between threads, and its tick thread forcing
# switches every 50 ms), the Unix library's processes, sockets, select
# and file mappings, Marshal, and natdynlink loading a plugin (.cmxs, a
# shared object) with dlopen.  Train prints a sum.  Test runs 4 threads
# sharing a counter under a mutex and a condition, a TCP server thread
# and a client on the loopback, Unix.fork and waitpid, a socket pair,
# select on a pipe, open_process_in of a command, Sys.command, a file
# mapped with Unix.map_file (Bigarray), Marshal to a file and back,
# local time, a sleep, 2M allocations, Gc.compact, and a plugin loaded
# with Dynlink.loadfile that registers a function.
prepare() {
	rm -f "$D/m.bin" "$D/map.bin"
	[ -x "$D/prog" ] && [ -f "$D/plugin.cmxs" ] && return 0
	mkdir -p "$D/build"
	cat >"$D/build/reg.ml" <<'ML'
let f : (int -> int) option ref = ref None
ML
	cat >"$D/build/plugin.ml" <<'ML'
let () = Reg.f := Some (fun x -> x * 3)
ML
	cat >"$D/build/prog.ml" <<'ML'
let train () = print_int (List.fold_left (+) 0 (List.init 101 Fun.id));
  print_newline ()
let check b n = if not b then (Printf.eprintf "check %d failed\n" n; exit n)
let test d =
  let m = Mutex.create () and c = Condition.create () and n = ref 0 in
  let ts = List.init 4 (fun _ -> Thread.create (fun () ->
    for _ = 1 to 10000 do Mutex.lock m; incr n; Condition.signal c;
      Mutex.unlock m done; ignore (Array.make 1000 0)) ()) in
  List.iter Thread.join ts;
  check (!n = 40000) 1;
  let s = Unix.socket Unix.PF_INET Unix.SOCK_STREAM 0 in
  Unix.setsockopt s Unix.SO_REUSEADDR true;
  Unix.bind s (Unix.ADDR_INET (Unix.inet_addr_loopback, 0));
  Unix.listen s 5;
  let port = match Unix.getsockname s with Unix.ADDR_INET (_, p) -> p
    | _ -> 0 in
  let srv = Thread.create (fun () ->
    let (cl, _) = Unix.accept s in
    let ic = Unix.in_channel_of_descr cl and oc = Unix.out_channel_of_descr cl in
    output_string oc ("re:" ^ input_line ic ^ "\n"); flush oc; Unix.close cl) () in
  let ic, oc = Unix.open_connection (Unix.ADDR_INET (Unix.inet_addr_loopback, port)) in
  output_string oc "hi\n"; flush oc;
  check (input_line ic = "re:hi") 2;
  Unix.shutdown_connection ic; Thread.join srv; Unix.close s;
  (match Unix.fork () with
   | 0 -> Unix._exit 7
   | pid -> check (snd (Unix.waitpid [] pid) = Unix.WEXITED 7) 3);
  let a, b = Unix.socketpair Unix.PF_UNIX Unix.SOCK_STREAM 0 in
  ignore (Unix.write_substring a "x" 0 1);
  let buf = Bytes.create 1 in
  check (Unix.read b buf 0 1 = 1) 4;
  let r, w = Unix.pipe () in
  ignore (Unix.write_substring w "y" 0 1);
  check (let (rd, _, _) = Unix.select [r] [] [] 1.0 in rd = [r]) 5;
  let p = Unix.open_process_in "echo hello" in
  check (input_line p = "hello") 6;
  check (Unix.close_process_in p = Unix.WEXITED 0) 7;
  check (Sys.command "true" = 0) 8;
  let fd = Unix.openfile (Filename.concat d "map.bin") [Unix.O_RDWR; Unix.O_CREAT] 0o644 in
  let ba = Bigarray.array1_of_genarray
    (Unix.map_file fd Bigarray.char Bigarray.c_layout true [| 4096 |]) in
  ba.{0} <- 'z'; Unix.close fd;
  check ((Unix.stat (Filename.concat d "map.bin")).Unix.st_size = 4096) 9;
  let f = Filename.concat d "m.bin" in
  let o = open_out_bin f in Marshal.to_channel o (List.init 1000 Fun.id) [];
  close_out o;
  let i = open_in_bin f in
  check ((Marshal.from_channel i : int list) = List.init 1000 Fun.id) 10;
  close_in i;
  check ((Unix.localtime (Unix.time ())).Unix.tm_year > 120) 11;
  Unix.sleepf 0.2;
  let l = List.init 2_000_000 (fun i -> (i, i)) in
  check (List.length l = 2_000_000) 12;
  Gc.compact ();
  Dynlink.loadfile (Filename.concat d "plugin.cmxs");
  check (match !Reg.f with Some g -> g 14 = 42 | None -> false) 13;
  print_endline "ok"
let () = match Sys.argv with
  | [| _; "train" |] -> train ()
  | [| _; "test"; d |] -> test d
  | _ -> exit 2
ML
	(cd "$D/build" &&
	 ocamlopt -I +threads -linkall unix.cmxa threads.cmxa dynlink.cmxa \
		reg.ml prog.ml -o "$D/prog" &&
	 ocamlopt -shared plugin.ml -o "$D/plugin.cmxs")
}
TRAIN=("$D/prog" train)
TEST=(/bin/sh -c '"$1/prog" test "$1" | grep -q ok' sh "$D")
