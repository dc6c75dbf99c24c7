#!/bin/bash
# chromium.sh - the largest program on the machine: headless Chromium
# (Debian's chromium) under sandprint.
#
# 1. Invisible: a page with a form, a canvas, JavaScript, a web worker and
#    file:// fetch and XHR is dumped (--dump-dom) and shot (--screenshot)
#    natively and under 'sandprint record' by each recorder (bpf, ptrace,
#    notify), with Chromium's own sandbox (as nobody: namespaces and its
#    seccomp-bpf filters, SIGSYS traps, brokers) and without it
#    (--no-sandbox, as root).  Each row: exit status, the DOM and the
#    screenshot's bytes against the first native run's ("same"; the
#    worker's line, which Chromium's virtual time does not always wait
#    for, natively too, is left out of the DOM), the wall time's median
#    over the runs and its ratio to native, the trace's end and whether
#    it is partial (calls lost).
# 2. Survival: a plain page is recorded natively, its profile written as
#    bench/survive.sh writes it (recorded, static, runtimes), and the
#    other page run in crun under it with a kill default
#    (tests/run-in-crun.sh --kill --report), as root with --no-sandbox and
#    as nobody with Chromium's sandbox; a row says whether the DOM came
#    out whole and which calls the kernel's audit log says were killed.
#
# Usage: bench/chromium.sh [--sandprint PATH] [--runs N] [--keep]
# Needs root, chromium, crun (tests/run-in-crun.sh installs it).
# Results: bench/RESULTS.md.
set -u
ROOT="$(cd "$(dirname -- "$0")/.." && pwd -P)"
SP="$ROOT/build/cli/sandprint"
RUNS=3 KEEP=0
while [ $# -gt 0 ]; do
	case $1 in
	--sandprint) SP="$(realpath -e -- "$2")" || exit 2; shift 2 ;;
	--runs) RUNS="$2"; shift 2 ;;
	--keep) KEEP=1; shift ;;
	-h|--help) awk 'NR > 1 && /^#/ { sub(/^# ?/, ""); print; next }
			NR > 1 { exit }' "$0"; exit 0 ;;
	*) echo "chromium: unknown option $1" >&2; exit 2 ;;
	esac
done
[ "$(id -u)" = 0 ] || { echo "chromium: needs root" >&2; exit 2; }
command -v chromium >/dev/null || { echo "chromium: no chromium" >&2; exit 2; }
W="$(mktemp -d /tmp/sp-chromium.XXXXXX)" || exit 2
chmod 755 "$W"
[ "$KEEP" = 1 ] && echo "chromium: work directory $W" >&2 ||
	trap 'rm -rf "$W"' EXIT
cd "$W" || exit 2

cat >train.html <<'EOF'
<!doctype html><html><head><title>one</title></head>
<body><h1>Hello</h1><p id=p>static text</p></body></html>
EOF
echo '{"msg":"from-file"}' >data.json
cat >test.html <<'EOF'
<!doctype html><html><head><title>two</title></head><body>
<form id=f><input name=a value=x><select name=s><option>1</option>
<option selected>2</option></select><textarea name=t>tt</textarea></form>
<canvas id=c width=200 height=100></canvas><div id=out></div>
<script>
const out = document.getElementById('out');
function add(s) { const d = document.createElement('p'); d.textContent = s;
	out.appendChild(d); }
const c = document.getElementById('c').getContext('2d');
c.fillStyle = 'red'; c.fillRect(10, 10, 50, 50);
c.font = '20px sans-serif'; c.fillText('hi', 80, 40);
add('canvas:' + document.getElementById('c').toDataURL().length);
add('form:' + [...new FormData(document.getElementById('f')).entries()]
	.map(x => x.join('=')).join('&'));
let s = 0; for (let i = 0; i < 1e6; i++) s += i % 7; add('js:' + s);
add('crypto:' + crypto.getRandomValues(new Uint8Array(4)).length);
const w = new Worker(URL.createObjectURL(new Blob(
	['onmessage = e => postMessage(e.data * 2)'],
	{ type: 'text/javascript' })));
w.onmessage = e => add('worker:' + e.data); w.postMessage(21);
fetch('data.json').then(r => r.json()).then(j => add('fetch:' + j.msg))
	.catch(e => add('fetcherr:' + e));
const x = new XMLHttpRequest(); x.open('GET', 'data.json', false); x.send();
add('xhr:' + x.status + ':' + x.responseText.length);
</script></body></html>
EOF
# run.sh PAGE dump|shot [sandbox]: Chromium as the environment runs it;
# its profile directory and HOME fresh in /tmp.
cat >run.sh <<'EOF'
#!/bin/sh
U=$(mktemp -d) && export HOME="$U"
cd "$(dirname "$0")" || exit 1
page=$1 mode=$2 nosb=--no-sandbox
[ "${3:-}" = sandbox ] && nosb=
set -- chromium --headless $nosb --disable-gpu --disable-quic \
	--no-first-run --disable-background-networking \
	--disable-component-update --disable-sync \
	--allow-file-access-from-files --virtual-time-budget=3000 \
	--window-size=400,300 --user-data-dir="$U"
if [ "$mode" = shot ]; then
	"$@" --screenshot="$PWD/shot-$(id -u).png" "file://$PWD/$page"
else
	"$@" --dump-dom "file://$PWD/$page"
fi
st=$?
rm -rf "$U"
exit $st
EOF
chmod 755 run.sh
NOBODY=(setpriv --reuid=65534 --regid=65534 --clear-groups --)
chmod 777 "$W"

dom() { sed 's|<p>worker:42</p>||'; }

# once SB VIA: one dump and one shot; prints "status seconds".
once() {
	local sb=$1 via=$2 pre=() launch=() s e st
	[ "$sb" = sandbox ] && pre=("${NOBODY[@]}")
	[ "$via" = native ] ||
		launch=("$SP" record -q --via "$via" -o "trace-$sb-$via.json" --)
	s=$(date +%s%N)
	timeout 300 "${launch[@]}" "${pre[@]}" ./run.sh test.html dump "$sb" \
		>dom.out 2>/dev/null
	st=$?
	timeout 300 "${launch[@]}" "${pre[@]}" ./run.sh test.html shot "$sb" \
		>/dev/null 2>&1
	st=$((st ? st : $?))
	e=$(date +%s%N)
	echo "$st $(((e - s) / 1000000))"
}

median() { sort -n | awk '{ v[NR] = $1 } END { print v[int((NR + 1) / 2)] }'; }

echo "1. invisible ($RUNS runs each; wall time of one dump and one shot)"
printf '%-8s %-7s %6s %5s %5s %8s %6s %s\n' sandbox via status dom shot \
	median-ms ratio trace
for sb in no-sandbox sandbox; do
	uid=0
	[ "$sb" = sandbox ] && uid=65534
	native=
	for via in native bpf ptrace notify; do
		times=() st=0 domok=same shotok=same
		for r in $(seq "$RUNS"); do
			read -r s ms < <(once "$sb" "$via")
			[ "$s" = 0 ] || st=$s
			times+=("$ms")
			if [ ! -f "ref-$sb.dom" ]; then
				dom <dom.out >"ref-$sb.dom"
				cp "shot-$uid.png" "ref-$sb.png"
			fi
			dom <dom.out | cmp -s - "ref-$sb.dom" || domok=DIFF
			cmp -s "shot-$uid.png" "ref-$sb.png" || shotok=DIFF
		done
		m=$(printf '%s\n' "${times[@]}" | median)
		[ "$via" = native ] && native=$m
		tr=-
		[ -f "trace-$sb-$via.json" ] && tr=$(jq -r '"\(.end) partial=\(.partial) calls=\(.calls)"' \
			"trace-$sb-$via.json")
		printf '%-8s %-7s %6s %5s %5s %8s %6s %s\n' "${sb%%-*}" "$via" \
			"$st" "$domok" "$shotok" "$m" \
			"$(awk -v a="$m" -v b="$native" 'BEGIN { printf "%.2f", a / b }')" \
			"$tr"
	done
done

echo "2. survival: train.html recorded natively, test.html in crun --kill"
printf '%-8s %-9s %6s %5s %s\n' sandbox mode status dom killed
for sb in no-sandbox sandbox; do
	pre=() user=()
	[ "$sb" = sandbox ] && pre=("${NOBODY[@]}") user=(--user 65534:65534)
	"$SP" record -q -o "train-$sb.json" -- "${pre[@]}" \
		./run.sh train.html dump "$sb" >/dev/null 2>&1 ||
		{ echo "chromium: recording the train page failed" >&2; exit 1; }
	bash "$ROOT/tests/run-in-crun.sh" "${user[@]}" none -- \
		"$W/run.sh" test.html dump "$sb" 2>/dev/null | dom >"crun-$sb.dom"
	for mode in recorded static runtimes; do
		case $mode in
		recorded) opts=(--static none --languages none) ;;
		static) opts=(--static auto --languages none) ;;
		runtimes) opts=() ;;
		esac
		"$SP" profile -q "${opts[@]}" -o "p-$sb-$mode.json" \
			"train-$sb.json" || exit 1
		bash "$ROOT/tests/run-in-crun.sh" "${user[@]}" --kill \
			--report "rep-$sb-$mode.txt" "p-$sb-$mode.json" -- \
			"$W/run.sh" test.html dump "$sb" >out.txt 2>/dev/null
		st=$?
		d=same
		dom <out.txt | cmp -s - "crun-$sb.dom" || d=DIFF
		printf '%-8s %-9s %6s %5s %s\n' "${sb%%-*}" "$mode" "$st" "$d" \
			"$(grep -w chromium "rep-$sb-$mode.txt" 2>/dev/null |
			   awk '{ print $1 }' | sort -u | tr '\n' ' ')"
	done
done
