# perl: train filters lines with a regular expression; test sorts,
# formats the local time, reads a child's output, forks over a socket
# pair, makes a temporary file, walks a tree, runs commands and sets an
# alarm.
prepare() {
	mkdir -p "$D/tree/a"
	printf 'one\nneedle\nthree\n' >"$D/in.txt"
	cp "$D/in.txt" "$D/tree/a/x.txt"
	cat >"$D/test.pl" <<'PL'
use strict;
use warnings;
use POSIX qw(strftime);
use Socket;
use File::Temp qw(tempfile);
use File::Find;
my $d = shift;
my @l = sort { $a <=> $b } map { $_ * 3 % 7 } 1 .. 100;
my $t = strftime("%F %T %Z", localtime);
open(my $p, "-|", "echo", "from child") or die;
my $x = <$p>;
close $p;
$x eq "from child\n" or die;
socketpair(my $s1, my $s2, AF_UNIX, SOCK_STREAM, 0) or die;
my $pid = fork() // die;
if ($pid == 0) { print $s2 "hi\n"; exit 0 }
close $s2;
<$s1> eq "hi\n" or die;
waitpid($pid, 0);
my ($fh, $fn) = tempfile(DIR => $d);
print $fh "x";
close $fh;
rename($fn, "$fn.2") or die;
unlink("$fn.2") or die;
my $n = 0;
find(sub { $n++ if -f }, $d);
$n > 0 or die;
select(undef, undef, undef, 0.05);
`true`;
system("true") == 0 or die;
local $SIG{ALRM} = sub { };
alarm 2;
alarm 0;
print "ok\n";
PL
}
TRAIN=(/usr/bin/perl -ne 'print if /needle/' "$D/in.txt")
TEST=(/usr/bin/perl "$D/test.pl" "$D")
