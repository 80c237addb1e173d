"""Draw jsontwo's own module icons (``static/description/icon.png`` of each
shipped module): a coloured square with the module's initial in white.

Odoo's clients read a module's icon as ``ir.module.module.icon_image``; jsontwo
draws its own rather than shipping Odoo's. Run once when a module is added:
``python scripts/module-icons.py`` (standard library only: zlib writes the PNG).
"""

from __future__ import annotations

import struct
import zlib
from pathlib import Path

MODULES = Path(__file__).resolve().parent.parent / "src" / "jsontwo" / "modules"
SIZE = 64
SCALE = 6  # a glyph cell of the 5x7 font is SCALE pixels wide
#: a 5x7 bitmap of each initial the shipped modules need
GLYPHS = {
    "A": ["01110", "10001", "10001", "11111", "10001", "10001", "10001"],
    "B": ["11110", "10001", "10001", "11110", "10001", "10001", "11110"],
    "M": ["10001", "11011", "10101", "10101", "10001", "10001", "10001"],
    "P": ["11110", "10001", "10001", "11110", "10000", "10000", "10000"],
    "S": ["01111", "10000", "10000", "01110", "00001", "00001", "11110"],
    "U": ["10001", "10001", "10001", "10001", "10001", "10001", "01110"],
}
COLOURS = [(0x71, 0x4B, 0x67), (0x01, 0x7E, 0x84), (0xE4, 0x6F, 0x4E), (0x3C, 0x6E, 0xB4)]


def pixels(letter: str, colour: tuple[int, int, int]) -> list[bytes]:
    """The rows of RGB pixels of one icon."""
    glyph = GLYPHS[letter]
    left = (SIZE - 5 * SCALE) // 2
    top = (SIZE - 7 * SCALE) // 2
    rows = []
    for y in range(SIZE):
        row = bytearray()
        for x in range(SIZE):
            gx, gy = (x - left) // SCALE, (y - top) // SCALE
            ink = 0 <= gx < 5 and 0 <= gy < 7 and x >= left and y >= top
            row += bytes((255, 255, 255)) if ink and glyph[gy][gx] == "1" else bytes(colour)
        rows.append(bytes(row))
    return rows


def png(rows: list[bytes]) -> bytes:
    """An 8-bit RGB PNG of these rows."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        body = kind + data
        return struct.pack(">I", len(data)) + body + struct.pack(">I", zlib.crc32(body))

    header = struct.pack(">IIBBBBB", SIZE, SIZE, 8, 2, 0, 0, 0)
    raw = b"".join(b"\x00" + row for row in rows)
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", header)
        + chunk(b"IDAT", zlib.compress(raw, 9))
        + chunk(b"IEND", b"")
    )


def main() -> None:
    """Write the icon of every shipped module."""
    names = sorted(p.parent.name for p in MODULES.glob("*/__manifest__.py"))
    for index, name in enumerate(names):
        target = MODULES / name / "static" / "description" / "icon.png"
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(png(pixels(name[0].upper(), COLOURS[index % len(COLOURS)])))
        print(target)


if __name__ == "__main__":
    main()
