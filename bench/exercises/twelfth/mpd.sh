# Music Player Daemon 0.23: its event loop, a player thread, an output
# thread per audio output (a null output, timed as a sound card is), a
# decoder thread (WAV songs, decoded by the first of its decoder plugins
# that claims them), a database of the music directory made by an update
# thread, SQLite for stickers, its state file, and clients on a unix
# socket in the data directory.  mpc runs on the host.
# Train asks for its status and version.
# Test updates the database (three songs of 3 s written by python),
# lists and searches it, queues every song, plays (the null output's
# clock moves), pauses, seeks, skips, sets the volume (a software
# mixer), crossfade, random and repeat modes, saves, lists and loads a
# playlist, sets and reads a sticker, disables and enables the output,
# asks for statistics, and stops.
prepare() {
	rm -rf "$D/music" "$D/playlists" "$D/db" "$D/state" "$D/sticker.sql" \
		"$D/mpd.sock" "$D/mpd.conf" "$D/mpd.log"
	mkdir -p "$D/music/a" "$D/playlists"
	/usr/bin/python3 - "$D/music" <<'PY' || return 1
import math, struct, sys, wave
for i, f in enumerate((440, 550, 660)):
    w = wave.open("%s/a/tone%d.wav" % (sys.argv[1], i), "wb")
    w.setnchannels(2); w.setsampwidth(2); w.setframerate(44100)
    w.writeframes(b"".join(struct.pack("<hh", v, v) for v in
        (int(8000 * math.sin(2 * math.pi * f * t / 44100)) for t in range(44100 * 3))))
    w.close()
PY
	cat >"$D/mpd.conf" <<CONF
music_directory "$D/music"
playlist_directory "$D/playlists"
db_file "$D/db"
state_file "$D/state"
sticker_file "$D/sticker.sql"
log_file "$D/mpd.log"
bind_to_address "$D/mpd.sock"
zeroconf_enabled "no"
auto_update "no"
audio_output {
	type "null"
	name "silence"
	sync "yes"
	mixer_type "software"
}
CONF
}
EXE=/usr/bin/mpd
SERVER=($EXE --no-daemon "$D/mpd.conf")
STOP=TERM
mpc() { /usr/bin/mpc -h "$D/mpd.sock" "$@"; }
ready() { mpc status >/dev/null; }
client_train() { mpc status | grep -q 'volume:' && mpc version | grep -q 'mpd version'; }
client_test() {
	mpc -w update >/dev/null || return 1
	[ "$(mpc listall | wc -l)" = 3 ] || return 1
	mpc search filename tone1 | grep -q tone1.wav || return 1
	mpc add / && mpc play >/dev/null || return 1
	wait_for playing_past 1 || return 1
	mpc pause | grep -q paused || return 1
	mpc seek 2 >/dev/null && mpc play >/dev/null && mpc next >/dev/null ||
		return 1
	mpc current | grep -q tone1 || return 1
	mpc volume 50 >/dev/null && mpc volume | grep -q 50% || return 1
	mpc crossfade 1 >/dev/null && mpc random on >/dev/null &&
	mpc repeat on >/dev/null && mpc status | grep -q 'repeat: on' || return 1
	mpc save list1 && mpc lsplaylists | grep -qx list1 || return 1
	[ -s "$D/playlists/list1.m3u" ] || return 1
	mpc clear >/dev/null && mpc load list1 >/dev/null &&
	[ "$(mpc playlist | wc -l)" = 3 ] || return 1
	mpc sticker a/tone0.wav set rating 5 &&
	mpc sticker a/tone0.wav get rating | grep -q 5 || return 1
	mpc disable 1 >/dev/null && mpc outputs | grep -q 'is disabled' &&
	mpc enable 1 >/dev/null || return 1
	mpc stats | grep -q 'Songs: *3' || return 1
	mpc stop >/dev/null
}
# playing_past N: the current song has played more than N seconds.
playing_past() {
	mpc status | awk -v n="$1" '/^\[playing\]/ { split($3, t, "/");
		split(t[1], m, ":"); if (m[1] * 60 + m[2] > n) ok = 1 }
		END { exit !ok }'
}
