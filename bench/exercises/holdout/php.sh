# php-cli: train transforms a string; test encodes JSON to a file,
# formats dates, globs, runs commands (shell_exec, proc_open), draws
# random bytes, matches regular expressions (PCRE's JIT), compresses and
# uses a socket pair.
prepare() {
	cat >"$D/test.php" <<PHP
<?php
\$d = "$D";
file_put_contents("\$d/p.json", json_encode(["a" => [1, 2, 3], "t" => date("c")]));
\$j = json_decode(file_get_contents("\$d/p.json"), true);
if (count(\$j["a"]) != 3) exit(1);
foreach (glob("\$d/*.json") as \$f) stat(\$f);
if (trim(shell_exec("echo hi")) !== "hi") exit(1);
\$p = proc_open(["cat"], [0 => ["pipe", "r"], 1 => ["pipe", "w"]], \$pipes);
fwrite(\$pipes[0], "x");
fclose(\$pipes[0]);
if (stream_get_contents(\$pipes[1]) !== "x") exit(1);
proc_close(\$p);
if (strlen(random_bytes(16)) != 16) exit(1);
if (!preg_match('/(\d+)-(\d+)/', "ab 12-34", \$m) || \$m[2] != "34") exit(1);
if (gzuncompress(gzcompress(str_repeat("z", 1000))) !== str_repeat("z", 1000)) exit(1);
\$s = stream_socket_pair(STREAM_PF_UNIX, STREAM_SOCK_STREAM, 0);
fwrite(\$s[0], "y");
if (fread(\$s[1], 1) !== "y") exit(1);
\$t = tempnam(\$d, "php");
unlink(\$t);
usleep(1000);
echo hash("sha256", "x"), "\n";
PHP
}
TRAIN=(/usr/bin/php -r 'echo strtoupper("hello"), "\n";')
TEST=(/usr/bin/php "$D/test.php")
