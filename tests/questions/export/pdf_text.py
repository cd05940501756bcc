"""Text out of the PDFs Qt writes, for tests: pages in order, each page's text.

Neither PySide6-Essentials (no QtPdf) nor this machine (no pdftotext) can read a PDF back,
so this reads the subset Qt's QPdfWriter produces: Type0 fonts with Identity-H encoding and
a ToUnicode CMap each, Flate-compressed content streams drawing one glyph per `<hex> Tj`.
"""

from __future__ import annotations

import re
import unicodedata
import zlib

_OBJECT = re.compile(rb"(\d+) 0 obj\s*(.*?)endobj", re.S)
_STREAM = re.compile(rb"stream\r?\n(.*?)\r?\nendstream", re.S)
_HEX = re.compile(rb"<([0-9A-Fa-f]+)>")
_TOKEN = re.compile(rb"/(\w+) [\d.]+ Tf|<([0-9A-Fa-f]+)> Tj|(-?[\d.]+) (-?[\d.]+) Td")


def _objects(pdf: bytes) -> dict[int, bytes]:
    return {int(m[1]): m[2] for m in _OBJECT.finditer(pdf)}


def _stream(body: bytes) -> bytes:
    m = _STREAM.search(body)
    if m is None:
        return b""
    if b"/FlateDecode" not in body[: m.start()]:
        return m[1]
    # The stream's own last byte may be a \r the end-of-stream pattern took for its line
    # break; a decompressor object reads what is there without asking for the end marker.
    return zlib.decompressobj().decompress(m[1] + b"\r")


def _cmap(text: bytes) -> dict[int, str]:
    """Glyph id -> text from a ToUnicode CMap's bfchar and bfrange sections."""
    table: dict[int, str] = {}
    for block in re.findall(rb"beginbfchar(.*?)endbfchar", text, re.S):
        codes = _HEX.findall(block)
        for src, dst in zip(codes[::2], codes[1::2], strict=False):
            table[int(src, 16)] = bytes.fromhex(dst.decode()).decode("utf-16-be")
    for block in re.findall(rb"beginbfrange(.*?)endbfrange", text, re.S):
        for line in block.strip().splitlines():
            codes = _HEX.findall(line)
            lo, hi = (int(c, 16) for c in codes[:2])
            if b"[" in line:
                for n, d in enumerate(codes[2:]):
                    table[lo + n] = bytes.fromhex(d.decode()).decode("utf-16-be")
            else:
                start = int(codes[2], 16)
                for n in range(hi - lo + 1):
                    table[lo + n] = chr(start + n)
    return table


def _ref(body: bytes, key: bytes) -> int | None:
    m = re.search(rb"/" + key + rb"\s+(\d+) 0 R", body)
    return int(m[1]) if m else None


def squeezed(text: str) -> str:
    """Text without whitespace and with ligatures undone: what tests compare."""
    return re.sub(r"\s+", "", unicodedata.normalize("NFKC", text))


def page_texts(pdf: bytes) -> list[str]:
    """Each page's text in page order; lines end where the text moves down."""
    objects = _objects(pdf)
    root = objects[_ref(objects[next(k for k, v in objects.items() if b"/Catalog" in v)], b"Pages")]
    kids = [int(k) for k in re.findall(rb"(\d+) 0 R", root.split(b"/Kids", 1)[1].split(b"]")[0])]
    texts = []
    cmaps: dict[int, dict[int, str]] = {}
    for kid in kids:
        page = objects[kid]
        resources = objects[_ref(page, b"Resources")]
        fonts = dict(
            re.findall(rb"/(\w+) (\d+) 0 R", resources.split(b"/Font", 1)[1].split(b">>")[0])
        )
        out: list[str] = []
        table: dict[int, str] = {}
        for m in _TOKEN.finditer(_stream(objects[_ref(page, b"Contents")])):
            if m[1]:
                font = int(fonts[m[1]])
                if font not in cmaps:
                    cmaps[font] = _cmap(_stream(objects[_ref(objects[font], b"ToUnicode")]))
                table = cmaps[font]
            elif m[2]:
                code = m[2].decode()
                out.extend(table.get(int(code[i : i + 4], 16), "?") for i in range(0, len(code), 4))
            elif float(m[4]) != 0:
                out.append("\n")
        texts.append("".join(out))
    return texts
