"""Reading PDFs back with poppler-utils, and what the PDF tests need to run."""

import re
import shutil
import subprocess
import tempfile
import zlib
from pathlib import Path

from lxml import etree

PDFAID = "http://www.aiim.org/pdfa/ns/id/"
SYSTEM_PYTHON = "/usr/bin/python3"  # Debian's, where python3-uno puts LibreOffice's UNO


def have_cold() -> bool:
    return bool(shutil.which("soffice") and shutil.which("pdfinfo"))


def have_warm() -> bool:
    if not have_cold() or not Path(SYSTEM_PYTHON).exists():
        return False
    done = subprocess.run([SYSTEM_PYTHON, "-I", "-c", "import uno"], capture_output=True)
    return done.returncode == 0


def _tool(command: list[str], pdf: bytes) -> str:
    with tempfile.NamedTemporaryFile(suffix=".pdf") as f:
        f.write(pdf)
        f.flush()
        done = subprocess.run([*command, f.name], capture_output=True, text=True, check=True)
        return done.stdout


def pdfa_claim(pdf: bytes) -> tuple[str | None, str | None]:
    """(part, conformance) the PDF's XMP metadata claims, read as poppler reads it."""
    xmp = _tool(["pdfinfo", "-meta"], pdf)
    start = xmp.index("<x:xmpmeta")
    root = etree.fromstring(xmp[start : xmp.index("</x:xmpmeta>") + len("</x:xmpmeta>")].encode())
    found: dict[str, str | None] = {"part": None, "conformance": None}
    for name in found:
        element = root.find(f".//{{{PDFAID}}}{name}")
        if element is not None:
            found[name] = (element.text or "").strip()
        for description in root.iter("{http://www.w3.org/1999/02/22-rdf-syntax-ns#}Description"):
            found[name] = description.get(f"{{{PDFAID}}}{name}", found[name])
    return found["part"], found["conformance"]


def info(pdf: bytes) -> dict[str, str]:
    lines = _tool(["pdfinfo"], pdf).splitlines()
    return {k.strip(): v.strip() for k, _, v in (line.partition(":") for line in lines)}


def fonts_embedded(pdf: bytes) -> list[bool]:
    rows = _tool(["pdffonts"], pdf).splitlines()[2:]
    return [row.split()[-5] == "yes" for row in rows]


def text(pdf: bytes, page: int = 1) -> str:
    with tempfile.NamedTemporaryFile(suffix=".pdf") as f:
        f.write(pdf)
        f.flush()
        command = ["pdftotext", "-layout", "-f", str(page), "-l", str(page), f.name, "-"]
        return subprocess.run(command, capture_output=True, text=True, check=True).stdout


_OBJECT = re.compile(rb"\n(\d+) 0 obj\n(.*?)endobj", re.S)
_DATES = re.compile(rb"D:\d{14}Z?'?|\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(?:\.\d+)?(?:Z|[+-]\d\d:\d\d)?")


def without_clock(pdf: bytes) -> dict[bytes, bytes]:
    """The PDF's objects with what LibreOffice stamps from the clock blanked: dates in the Info
    dictionary and XMP, and the date and MD5 id in the header of the sRGB profile it builds for
    the PDF/A output intent. The trailer (with its date-derived /ID) is left out, and so are
    objects holding a bare number: stream lengths, of which the compressed profile's varies by
    a byte with its date (the streams themselves are compared)."""
    out = {}
    for number, body in _OBJECT.findall(pdf):
        if body.strip().isdigit():
            continue
        if b"/N 3" in body and b"/FlateDecode" in body and b"stream\n" in body:
            head, _, rest = body.partition(b"stream\n")
            profile = bytearray(zlib.decompressobj().decompress(rest))
            profile[24:36] = bytes(12)  # ICC creation date-time
            profile[84:100] = bytes(16)  # ICC profile id (an MD5 over the dated header)
            body = head + bytes(profile)
        out[number] = _DATES.sub(b"DATE", body)
    return out
