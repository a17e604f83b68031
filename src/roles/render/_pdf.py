"""DOCX to PDF/A-2b with a cold LibreOffice (`soffice --headless --convert-to`).

The fallback when the warm converter (`_converter.py`) cannot start, and the bulk path (many
files in one soffice call, which pays the ~1 s start-up once). soffice refuses to run twice on
one user profile, so every process and thread gets its own profile directory (created on first
use, removed at exit). Blocks for about a second a document: call it from a worker, never on
the event loop.

PDF_EXPORT is the export filter's data, shared with the warm path so both make the same PDF:
PDF/A-2b (`SelectPdfVersion` 2), tagged (structure for screen readers and PDF/A-2a-style
reading order where LibreOffice can).
"""

from __future__ import annotations

import atexit
import json
import os
import shutil
import subprocess
import tempfile
import threading
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Final

from roles.render._errors import ConversionFailed, ConversionTimeout

PDF_EXPORT: Final[Mapping[str, int | bool]] = {"SelectPdfVersion": 2, "UseTaggedPDF": True}
TIMEOUT_BASE = 60.0  # seconds: start-up, first-run profile creation
TIMEOUT_PER_FILE = 10.0

_local = threading.local()


def convert_to(filter_data: Mapping[str, int | bool] = PDF_EXPORT) -> str:
    """soffice's `--convert-to` argument carrying the export filter's typed options."""
    typed = {
        name: {"type": "boolean", "value": str(value).lower()}
        if isinstance(value, bool)
        else {"type": "long", "value": str(value)}
        for name, value in filter_data.items()
    }
    return f"pdf:writer_pdf_Export:{json.dumps(typed, separators=(',', ':'))}"


def _profile() -> Path:
    profile: Path | None = getattr(_local, "profile", None)
    if profile is None or getattr(_local, "pid", None) != os.getpid():
        profile = Path(tempfile.mkdtemp(prefix="roles-soffice-"))
        _local.profile, _local.pid = profile, os.getpid()
        atexit.register(shutil.rmtree, profile, True)
    return profile


def docx_to_pdf(
    files: Sequence[Path],
    out_dir: Path,
    *,
    soffice: str = "soffice",
    timeout: float | None = None,
) -> list[Path]:
    """Convert DOCX files to PDF/A-2b in `out_dir` with one soffice call; the PDFs, in order.

    `timeout` bounds the whole call (default: 60 s plus 10 s a file). Raises `ConversionFailed`
    or `ConversionTimeout` (both `RenderError`s).
    """
    if not files:
        return []
    out_dir.mkdir(parents=True, exist_ok=True)
    command = [
        soffice,
        f"-env:UserInstallation={_profile().as_uri()}",
        "--headless",
        "--norestore",
        "--convert-to",
        convert_to(),
        "--outdir",
        str(out_dir),
        *map(str, files),
    ]
    limit = timeout if timeout is not None else TIMEOUT_BASE + TIMEOUT_PER_FILE * len(files)
    try:
        done = subprocess.run(command, capture_output=True, text=True, timeout=limit, check=False)
    except FileNotFoundError:
        raise ConversionFailed(
            f"LibreOffice not found ({soffice}); install libreoffice-writer-nogui"
        ) from None
    except subprocess.TimeoutExpired:
        raise ConversionTimeout(limit) from None
    pdfs = [out_dir / f"{Path(f).stem}.pdf" for f in files]
    missing = [p.name for p in pdfs if not p.is_file()]
    if done.returncode != 0 or missing:
        raise ConversionFailed(f"exit {done.returncode}; missing {missing}: {done.stderr.strip()}")
    return pdfs


def pdf_from_docx(
    data: bytes,
    name: str = "document.docx",
    *,
    soffice: str = "soffice",
    timeout: float | None = None,
) -> bytes:
    """One document's PDF/A-2b bytes, through a cold soffice."""
    with tempfile.TemporaryDirectory(prefix="roles-pdf-") as tmp:
        source = Path(tmp) / Path(name).name
        source.write_bytes(data)
        (pdf,) = docx_to_pdf([source], Path(tmp) / "out", soffice=soffice, timeout=timeout)
        return pdf.read_bytes()
