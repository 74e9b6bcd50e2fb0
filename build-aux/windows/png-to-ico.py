#!/usr/bin/env python3
"""Packs PNG images into a Windows .ico file (the programs' icon resource).

    png-to-ico.py OUT.ico IMAGE.png...

Since Windows Vista an icon directory entry may hold a whole PNG file, so
the images go in as they are, largest first; Windows scales the nearest
one for the sizes it lacks.  No image library is needed: the header only
wants each PNG's width and height, read from its IHDR chunk.
"""
import struct
import sys

PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"


def png_size(data, name):
    if len(data) < 24 or data[:8] != PNG_SIGNATURE or data[12:16] != b"IHDR":
        sys.exit(f"png-to-ico: {name}: not a PNG file")
    width, height = struct.unpack(">II", data[16:24])
    if not (1 <= width <= 256 and 1 <= height <= 256):
        sys.exit(f"png-to-ico: {name}: {width}x{height}: an icon is at most 256x256")
    return width, height


def main(argv):
    if len(argv) < 3:
        sys.exit("usage: png-to-ico.py OUT.ico IMAGE.png...")
    images = []
    for name in argv[2:]:
        with open(name, "rb") as f:
            data = f.read()
        images.append((png_size(data, name), data))
    images.sort(key=lambda image: -image[0][0])

    header = struct.pack("<HHH", 0, 1, len(images))  # reserved, type 1 = icon, count
    offset = len(header) + 16 * len(images)
    entries = b""
    for (width, height), data in images:
        # 256 is written as 0; colour count 0, planes 1, 32 bits per pixel.
        entries += struct.pack("<BBBBHHII", width % 256, height % 256, 0, 0, 1, 32,
                               len(data), offset)
        offset += len(data)
    with open(argv[1], "wb") as f:
        f.write(header + entries + b"".join(data for _, data in images))


if __name__ == "__main__":
    main(sys.argv)
