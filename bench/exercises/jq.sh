# jq: train picks a field from a file; test builds values without input,
# reads standard input, encodes, sorts keys, reads the environment and
# formats the local time (which reads the time zone).
prepare() {
	echo '{"a": 1, "b": [1, 2, 3]}' >"$D/in.json"
	cat >"$D/train.sh" <<SH
/usr/bin/jq .a "$D/in.json" >/dev/null
SH
	cat >"$D/test.sh" <<SH
J=/usr/bin/jq
\$J -n '[range(5)] | add' >/dev/null || exit 1
echo '{"z": 2, "y": "x"}' | \$J -S --arg k v '. + {k: \$k}' >/dev/null || exit 1
\$J -r '.b | @base64 "\\(.)"' "$D/in.json" >/dev/null || exit 1
\$J -n '\$ENV.PATH | length > 0' >/dev/null || exit 1
\$J -n 'now | localtime | mktime | todate' >/dev/null || exit 1
\$J 'input_filename' "$D/in.json" >/dev/null
SH
}
TRAIN=(/bin/sh "$D/train.sh")
TEST=(/bin/sh "$D/test.sh")
