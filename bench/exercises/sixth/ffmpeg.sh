# FFmpeg 5.1: codecs on their own threads (frame and slice threads:
# libx264's lookahead, the decoders'), filter graphs, muxers and
# demuxers, lavfi sources, and ffprobe.  Train encodes one second of a
# test pattern to MPEG-4 in AVI; test encodes H.264 on 2 threads with a
# sine tone in AAC into MP4 (faststart: the muxer rewrites its file),
# decodes it again through a filter graph (scale, overlay, drawbox,
# split, hstack) into Matroska with Opus and Vorbis, cuts segments
# (the segment muxer), writes an animated GIF through palettegen and
# paletteuse, reads from a pipe, writes PNG frames, and probes the
# results with ffprobe as JSON.
prepare() {
	rm -rf "$D"/*.mp4 "$D"/*.mkv "$D"/*.avi "$D"/*.gif "$D"/*.png \
		"$D"/seg* "$D"/*.json "$D"/*.ts "$D"/*.nut
	cat >"$D/test.sh" <<SH
F="/usr/bin/ffmpeg -nostdin -hide_banner -loglevel error -y"
cd "$D" || exit 1
\$F -f lavfi -i testsrc2=d=2:s=320x240:r=25 -f lavfi -i sine=f=440:d=2 \
	-c:v libx264 -preset veryfast -threads 2 -c:a aac -b:a 64k \
	-movflags +faststart a.mp4 || exit 1
\$F -threads 2 -i a.mp4 -filter_complex \
	"[0:v]split[x][y];[x]scale=160:120,drawbox=10:10:50:50:red[s];[y]scale=160:120[t];[s][t]hstack[v]" \
	-map "[v]" -map 0:a -c:v libx264 -preset ultrafast -c:a libopus b.mkv || exit 1
\$F -i a.mp4 -vn -c:a libvorbis c.mkv || exit 1
\$F -i a.mp4 -c copy -f segment -segment_time 1 seg%02d.ts || exit 1
[ -f seg00.ts ] || exit 1
\$F -i a.mp4 -vf "fps=5,scale=80:-1,split[p][q];[p]palettegen[pal];[q][pal]paletteuse" d.gif || exit 1
cat a.mp4 | \$F -f mp4 -i pipe:0 -t 1 -c:v mpeg4 -an e.nut || exit 1
\$F -i a.mp4 -vf fps=2 -frames:v 3 f%d.png || exit 1
[ -f f3.png ] || exit 1
/usr/bin/ffprobe -v error -show_streams -of json b.mkv >b.json || exit 1
grep -q '"codec_name": "opus"' b.json
SH
}
TRAIN=(/bin/sh -c 'cd "$1" && /usr/bin/ffmpeg -nostdin -loglevel error -y \
	-f lavfi -i testsrc=d=1:s=160x120 -c:v mpeg4 out.avi' sh "$D")
TEST=(/bin/sh "$D/test.sh")
