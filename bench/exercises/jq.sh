# jq: train picks a field from a file; test builds values without input,
# reads standard input, encodes, sorts keys, reads the environment and
# formats the time (which reads the time zone).
. ./common.sh
J=/usr/bin/jq
echo '{"a": 1, "b": [1, 2, 3]}' >"$D/in.json"
case $1 in
train)
	[ "$($J .a "$D/in.json")" = 1 ] || exit 1
	;;
test)
	[ "$($J -n '[range(5)] | add')" = 10 ] || exit 1
	echo '{"z": 2, "y": "x"}' | $J -S --arg k v '. + {k: $k}' >/dev/null || exit 1
	$J -r '.b | @base64 "\(.)"' "$D/in.json" >/dev/null || exit 1
	$J -n '$ENV.PATH | length > 0' | grep -q true || exit 1
	$J -n 'now | localtime | mktime | todate' >/dev/null || exit 1
	$J 'input_filename' "$D/in.json" >/dev/null || exit 1
	;;
esac
