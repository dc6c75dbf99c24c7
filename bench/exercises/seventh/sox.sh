# SoX 14.4: its format handlers are modules libsox loads at run time
# through libltdl (/usr/lib/x86_64-linux-gnu/sox/libsox_fmt_*.so: FLAC,
# Vorbis, libsndfile's formats, WavPack...), its effects run per channel
# on OpenMP threads (--multi-threaded), and it reads and writes pipes.
# Train synthesises half a second of a sine into WAV.  Test synthesises
# a stereo chord, runs a chain of effects on threads (rate, reverb,
# compand, equalizer, fades, pitch), writes FLAC, Ogg Vorbis, W64,
# WavPack and AIFF and reads each back, mixes and concatenates files,
# pipes raw audio between two sox processes, and prints statistics and
# soxi's header information.
prepare() {
	rm -rf "$D/a"
	mkdir -p "$D/a"
	cat >"$D/test.sh" <<SH
set -e
S=/usr/bin/sox
cd "$D/a"
\$S -n -c 2 -r 44100 chord.wav synth 2 sine 440 sine 554 vol 0.5
\$S --multi-threaded chord.wav fx.wav rate 48000 reverb 40 \\
	compand 0.3,1 6:-70,-60,-20 -5 equalizer 1000 1q 3 fade 0.1 1.9 0.2 \\
	pitch 200
for f in flac ogg w64 wv aiff; do
	\$S fx.wav out.\$f
	\$S out.\$f -n stat 2>&1 | grep -q 'Samples read'
done
\$S -m fx.wav out.flac mix.wav
\$S fx.wav out.wv cat.wav
\$S chord.wav -t raw -e signed -b 16 -c 2 -r 44100 - |
	\$S -t raw -e signed -b 16 -c 2 -r 44100 - piped.wav reverse
\$S cat.wav -n stats 2>&1 | grep -q 'RMS lev'
/usr/bin/soxi out.flac | grep -q 'FLAC'
[ "\$(/usr/bin/soxi -c out.ogg)" = 2 ]
SH
}
TRAIN=(/bin/sh -c 'cd "$1" && /usr/bin/sox -n t.wav synth 0.5 sine 440' sh "$D")
TEST=(/bin/sh "$D/test.sh")
