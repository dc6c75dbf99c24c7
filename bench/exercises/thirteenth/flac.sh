# FLAC 1.4.2 (flac, metaflac): a lossless audio encoder and decoder,
# libFLAC's analysis of each frame, Ogg FLAC through libogg, the tags and
# blocks of a file edited in place by metaflac.
# Train encodes one WAV file.
# Test encodes a stereo and a mono file at level 8 with verification
# (-V), as raw samples (--force-raw-format), in an Ogg container, with
# tags and seek points; tests (-t) and analyses (-a) them; decodes them
# to WAV and raw and compares; decodes a part (--skip, --until); lists,
# adds, removes tags and adds padding with metaflac; re-encodes a FLAC
# file.
prepare() {
	rm -rf "$D/in"
	mkdir -p "$D/in"
	/usr/bin/python3 - "$D/in" <<'PY'
import math, struct, sys, wave
d = sys.argv[1]
def write(name, ch, n, f):
    with wave.open(d + "/" + name, "wb") as w:
        w.setnchannels(ch); w.setsampwidth(2); w.setframerate(44100)
        fr = bytearray()
        for i in range(n):
            v = int(12000 * math.sin(2 * math.pi * f * i / 44100)) + (i * 7919) % 300
            fr += struct.pack("<h", v) * ch
        w.writeframes(bytes(fr))
write("a.wav", 2, 88200, 440)
write("m.wav", 1, 66150, 330)
with wave.open(d + "/m.wav") as w:
    open(d + "/m.raw", "wb").write(w.readframes(w.getnframes()))
PY
}
TRAIN=(/bin/sh -c '/usr/bin/flac -s "$1/in/a.wav"' sh "$D")
TEST=(/bin/sh -c '
d=$1
f=/usr/bin/flac
m=/usr/bin/metaflac
cd "$d/in" || exit 1
$f -s -8 -V -T ARTIST=someone -T TITLE=tone -S 1s a.wav m.wav &&
$f -s --force-raw-format --endian=little --sign=signed --channels=1 \
	--bps=16 --sample-rate=44100 -o mr.flac m.raw &&
$f -s --ogg -o a.oga a.wav &&
$f -s -t a.flac m.flac mr.flac a.oga &&
$f -s -a -o out.ana a.flac && [ -s out.ana ] &&
$f -s -d -o out.wav a.flac && $f -s -d --force-raw-format \
	--endian=little --sign=signed -o out.raw mr.flac && cmp out.raw m.raw &&
$f -s -d -o out2.wav a.oga && cmp out.wav out2.wav &&
$f -s -d --skip=22050 --until=44100 -o p.wav a.flac && [ -s p.wav ] &&
$m --list a.flac | grep -q "ARTIST=someone" &&
$m --set-tag=ALBUM=test --remove-tag=TITLE --add-padding=4096 a.flac &&
$m --export-tags-to=- a.flac | grep -q ALBUM=test &&
! $m --export-tags-to=- a.flac | grep -q TITLE &&
$m --show-md5sum --show-total-samples m.flac | grep -q 66150 &&
$f -s -f -5 -o re.flac a.flac && $f -s -t re.flac &&
echo ok' sh "$D")
