# Tcl 8.6 (tclsh8.6): its event loop (after, vwait, fileevent on
# non-blocking channels), a TCP server and client in the same
# interpreter, a command pipeline (open |, exec), a notifier thread
# (Debian's Tcl is threaded), coroutines, safe interpreters, zlib, clock
# with time zones and encodings.  Train prints a sum; test runs timers,
# a server socket on the loopback with a client talking to it through
# the event loop, a pipe to a command read by fileevent, exec of a
# pipeline, a file written and globbed, zlib and binary, clock format in
# two time zones, encoding convert, a coroutine, a safe interpreter and
# a large list.
prepare() {
	rm -f "$D/out.txt"
	cat >"$D/test.tcl" <<'TCL'
set d [lindex $argv 0]
set ::n 0
after 50 {incr ::n}
after 100 {set ::done 1}
vwait ::done
if {$::n != 1} {exit 1}
proc accept {ch host port} {
	fconfigure $ch -blocking 0 -buffering line
	fileevent $ch readable [list echo $ch]
}
proc echo {ch} {
	if {[gets $ch line] >= 0} {puts $ch "re:$line"} elseif {[eof $ch]} {close $ch}
}
set srv [socket -server accept -myaddr 127.0.0.1 0]
set port [lindex [fconfigure $srv -sockname] 2]
set c [socket 127.0.0.1 $port]
fconfigure $c -buffering line
fileevent $c readable {set ::reply [gets $c]}
puts $c hello
vwait ::reply
if {$::reply ne "re:hello"} {exit 2}
close $c
close $srv
set p [open "|seq 1 1000" r]
fconfigure $p -blocking 0
set ::lines 0
fileevent $p readable {if {[gets $p l] >= 0} {incr ::lines} elseif {[eof $p]} {set ::pdone 1}}
vwait ::pdone
close $p
if {$::lines != 1000} {exit 3}
if {[exec echo a b c | wc -w] != 3} {exit 4}
set f [open $d/out.txt w]; puts -nonewline $f [string repeat x 10000]; close $f
if {[file size $d/out.txt] != 10000 || [llength [glob $d/*.txt]] < 1} {exit 5}
set z [zlib deflate [string repeat abc 1000]]
if {[zlib inflate $z] ne [string repeat abc 1000]} {exit 6}
binary scan [binary format I 258] H* h; if {$h ne "00000102"} {exit 7}
set t 1700000000
if {[clock format $t -timezone :UTC -format %H] ne "22"} {exit 8}
if {[clock format $t -timezone :Asia/Tokyo -format %H] ne "07"} {exit 9}
if {[encoding convertfrom utf-8 [encoding convertto utf-8 "\u00e9t\u00e9"]] ne "\u00e9t\u00e9"} {exit 10}
coroutine gen apply {{} {yield; for {set i 1} {$i <= 3} {incr i} {yield $i}}}
if {[gen] + [gen] + [gen] != 6} {exit 11}
set s [interp create -safe]
if {[interp eval $s {expr {6 * 7}}] != 42} {exit 12}
interp delete $s
set l {}; for {set i 0} {$i < 500000} {incr i} {lappend l $i}
if {[llength $l] != 500000} {exit 13}
puts ok
TCL
}
TRAIN=(/bin/sh -c 'echo "puts [expr {1 + 2}]" | /usr/bin/tclsh8.6')
TEST=(/bin/sh -c '/usr/bin/tclsh8.6 "$1/test.tcl" "$1" | grep -q ok' sh "$D")
