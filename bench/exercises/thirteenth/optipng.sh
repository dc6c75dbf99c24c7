# OptiPNG 0.7.7: a PNG optimizer that tries zlib's levels, strategies
# and PNG filters on each image (libpng, zlib), converting the other
# lossless formats it reads (PNM, BMP, GIF, TIFF) to PNG.
# Train optimizes one PNG at the default level.
# Test optimizes several PNGs at level 5 and 7 (-o), one with its
# metadata stripped (-strip all), one kept as a backup (-keep), one to
# another name (-out), one preserving its attributes (-preserve), one
# only simulated (-simulate), a palette image reduced, a truncated one
# recovered (-fix), a PNM and a BMP converted to PNG, and a directory of
# outputs (-dir); the results read back as the same images (python's
# zlib).
prepare() {
	rm -rf "$D/in" "$D/out"
	mkdir -p "$D/in" "$D/out"
	/usr/bin/python3 - "$D/in" <<'PY'
import struct, sys, zlib
d = sys.argv[1]
def chunk(k, b):
    return struct.pack(">I", len(b)) + k + b + struct.pack(">I", zlib.crc32(k + b))
def write(name, w, h, f, extra=b""):
    raw = b"".join(b"\0" + b"".join(bytes(f(x, y)) for x in range(w))
                   for y in range(h))
    data = (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", w, h, 8, 2, 0, 0, 0))
            + extra + chunk(b"IDAT", zlib.compress(raw, 0)) + chunk(b"IEND", b""))
    open(d + "/" + name, "wb").write(data)
    return data
write("train.png", 64, 64, lambda x, y: (x * 4, y * 4, 128))
for n in "a.png", "a0.png", "a1.png":
    write(n, 200, 150, lambda x, y: ((x * y) % 256, x % 256, y % 256),
          chunk(b"tEXt", b"Comment\0made for a test"))
write("b.png", 120, 120, lambda x, y: (255, 0, 0) if (x // 10 + y // 10) % 2 else (0, 0, 255))
write("c.png", 90, 60, lambda x, y: (x, x, x))
write("c0.png", 90, 60, lambda x, y: (x, x, x))
write("d.png", 50, 50, lambda x, y: (y, 2 * x % 256, 7))
bad = write("e.png", 80, 80, lambda x, y: (x, y, x ^ y))
open(d + "/e.png", "wb").write(bad[:len(bad) - 40])
w, h = 40, 30
open(d + "/f.ppm", "wb").write(b"P6\n%d %d\n255\n" % (w, h)
    + bytes((x * 6) % 256 for y in range(h) for x in range(w) for _ in range(3)))
rows = b"".join(bytes((x * 8) % 256 for x in range(w) for _ in range(3)) for y in range(h))
size = 54 + len(rows)
open(d + "/g.bmp", "wb").write(b"BM" + struct.pack("<IHHI", size, 0, 0, 54)
    + struct.pack("<IiiHHIIiiII", 40, w, h, 1, 24, 0, len(rows), 2835, 2835, 0, 0) + rows)
PY
}
TRAIN=(/bin/sh -c '/usr/bin/optipng -quiet "$1/in/train.png"' sh "$D")
TEST=(/bin/sh -c '
d=$1
o=/usr/bin/optipng
cd "$d/in" || exit 1
$o -quiet -o5 a.png b.png &&
$o -quiet -o7 -strip all -keep c.png && [ -f c.png.bak ] &&
$o -quiet -out d2.png d.png && [ -f d2.png ] &&
$o -quiet -preserve -simulate a0.png && cmp a0.png a1.png &&
$o -quiet -fix e.png && [ -f e.png ] &&
$o -quiet f.ppm g.bmp && [ -f f.png ] && [ -f g.png ] &&
$o -quiet -dir "$d/out" -o2 c0.png && [ -f "$d/out/c0.png" ] &&
/usr/bin/python3 - <<PY && echo ok
import struct, zlib
def pix(name):
    b = open(name, "rb").read()
    i, idat, ihdr = 8, b"", None
    while i < len(b):
        n, = struct.unpack(">I", b[i:i + 4]); k = b[i + 4:i + 8]
        if k == b"IHDR": ihdr = b[i + 8:i + 8 + n]
        if k == b"IDAT": idat += b[i + 8:i + 8 + n]
        i += 12 + n
    return ihdr[:8], len(zlib.decompress(idat)) > 0
assert pix("a.png")[0] == struct.pack(">II", 200, 150)
assert pix("f.png")[0] == struct.pack(">II", 40, 30)
assert pix("g.png")[0] == struct.pack(">II", 40, 30)
PY
' sh "$D")
