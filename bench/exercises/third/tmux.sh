# tmux: train starts a detached session running a command and ends the
# server; test opens windows and a split pane (ptys), types into a shell,
# reads the pane back, resizes, lists and renames, then ends the server.
prepare() {
	rm -f "$D/t.sock" "$D/out.txt"
	cat >"$D/train.sh" <<SH
T="/usr/bin/tmux -S $D/t.sock -f /dev/null"
export TERM=xterm
\$T new-session -d -s s 'sleep 1' || exit 1
\$T has-session -t s || exit 1
\$T kill-server
SH
	cat >"$D/test.sh" <<SH
T="/usr/bin/tmux -S $D/t.sock -f /dev/null"
export TERM=xterm
\$T new-session -d -s s -x 100 -y 30 /bin/sh || exit 1
\$T new-window -t s:1 -n w2 'cat' || exit 1
\$T split-window -t s:0 -h /bin/sh || exit 1
\$T send-keys -t s:0.0 'echo ma''rk > $D/out.txt' Enter || exit 1
i=0
while ! grep -q mark "$D/out.txt" 2>/dev/null && [ \$i -lt 50 ]; do
	sleep 0.1; i=\$((i+1))
done
\$T capture-pane -p -t s:0.0 | grep -q mark || exit 1
\$T resize-pane -t s:0.1 -x 30 || exit 1
\$T rename-window -t s:1 w3 || exit 1
\$T list-windows -t s | grep -q w3 || exit 1
\$T list-panes -a >/dev/null || exit 1
\$T kill-server
SH
}
TRAIN=(/bin/sh "$D/train.sh")
TEST=(/bin/sh "$D/test.sh")
