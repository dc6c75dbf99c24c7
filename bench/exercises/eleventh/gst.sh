# GStreamer 1.22 (gst-launch-1.0): a pipeline parsed from its command
# line, its elements' plugins loaded with dlopen per pipeline from
# /usr/lib/x86_64-linux-gnu/gstreamer-1.0 after a registry scan that
# forks gst-plugin-scanner (the registry is made afresh each run:
# GST_REGISTRY in the data directory), streaming threads per queue and
# source, decodebin's type finding, and encoders with threads of their
# own (libvpx).
# Train writes a test tone to a WAV file.  Test encodes test video to
# JPEG in AVI, decodes it (decodebin) and scales a frame to PNG; tees a
# tone into Vorbis in Ogg and FLAC through two queues; decodes the Ogg
# by URI (uridecodebin) through a level meter; the FLAC back to WAV; VP8
# in Matroska with two encoder threads and back to Y4M; and gst-inspect
# describes an element.
prepare() {
	rm -rf "$D/out"
	mkdir -p "$D/out"
}
GST=(/usr/bin/env GST_REGISTRY="$D/out/registry.bin")
TRAIN=("${GST[@]}" /usr/bin/gst-launch-1.0 -q audiotestsrc num-buffers=50 !
	audioconvert ! wavenc ! filesink location="$D/out/a.wav")
TEST=("${GST[@]}" /bin/sh -c '
cd "$1/out" || exit 1
g=/usr/bin/gst-launch-1.0
$g -q videotestsrc num-buffers=30 ! video/x-raw,width=160,height=120 ! \
	videoconvert ! jpegenc ! avimux ! filesink location=v.avi &&
$g -q filesrc location=v.avi ! decodebin ! videoconvert ! videoscale ! \
	video/x-raw,width=80,height=60 ! pngenc snapshot=true ! \
	filesink location=f.png &&
head -c 8 f.png | grep -q PNG &&
$g -q audiotestsrc num-buffers=40 ! tee name=t ! queue ! audioconvert ! \
	vorbisenc ! oggmux ! filesink location=a.ogg \
	t. ! queue ! audioconvert ! flacenc ! filesink location=a.flac &&
$g -q uridecodebin uri="file://$PWD/a.ogg" ! audioconvert ! \
	audioresample ! level ! fakesink &&
$g -q filesrc location=a.flac ! flacparse ! flacdec ! audioconvert ! \
	wavenc ! filesink location=b.wav &&
[ "$(stat -c %s b.wav)" -gt 100000 ] &&
$g -q videotestsrc num-buffers=20 pattern=ball ! \
	video/x-raw,width=128,height=96 ! vp8enc threads=2 ! matroskamux ! \
	filesink location=v.mkv &&
$g -q filesrc location=v.mkv ! matroskademux ! vp8dec ! videoconvert ! \
	y4menc ! filesink location=v.y4m &&
head -c 9 v.y4m | grep -q YUV4MPEG &&
/usr/bin/gst-inspect-1.0 vp8enc | grep -q "On2 VP8" &&
echo ok' sh "$D")
