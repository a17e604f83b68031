"""DOCX to PDF through LibreOffice (`soffice --headless --convert-to pdf`).

soffice refuses to run twice on one user profile, so every process and thread gets its own
profile directory (created on first use, removed at exit). Conversion blocks for about a
second a document: call it from a worker, never on the event loop. Bulk conversion passes many
files to one soffice call, which saves the ~1 s start-up per document.
"""

from __future__ import annotations

import atexit
import os
import shutil
import subprocess
import tempfile
import threading
from collections.abc import Sequence
from pathlib import Path

SOFFICE = os.environ.get("ROLES_SOFFICE", "soffice")
TIMEOUT_BASE = 60  # seconds: start-up, first-run profile creation
TIMEOUT_PER_FILE = 10

_local = threading.local()


def _profile() -> Path:
    profile: Path | None = getattr(_local, "profile", None)
    if profile is None or getattr(_local, "pid", None) != os.getpid():
        profile = Path(tempfile.mkdtemp(prefix="roles-soffice-"))
        _local.profile, _local.pid = profile, os.getpid()
        atexit.register(shutil.rmtree, profile, True)
    return profile


def docx_to_pdf(files: Sequence[Path], out_dir: Path) -> list[Path]:
    """Convert DOCX files to PDF in `out_dir` with one soffice call; the PDFs' paths, in order."""
    if not files:
        return []
    out_dir.mkdir(parents=True, exist_ok=True)
    command = [
        SOFFICE,
        f"-env:UserInstallation={_profile().as_uri()}",
        "--headless",
        "--norestore",
        "--convert-to",
        "pdf",
        "--outdir",
        str(out_dir),
        *map(str, files),
    ]
    try:
        done = subprocess.run(
            command,
            capture_output=True,
            text=True,
            timeout=TIMEOUT_BASE + TIMEOUT_PER_FILE * len(files),
            check=False,
        )
    except FileNotFoundError:
        raise RuntimeError(
            f"LibreOffice not found ({SOFFICE}); install libreoffice-writer-nogui"
        ) from None
    except subprocess.TimeoutExpired:
        raise RuntimeError(f"LibreOffice timed out converting {len(files)} file(s)") from None
    pdfs = [out_dir / f"{Path(f).stem}.pdf" for f in files]
    missing = [p.name for p in pdfs if not p.is_file()]
    if done.returncode != 0 or missing:
        raise RuntimeError(
            f"LibreOffice failed (exit {done.returncode}); missing {missing}: {done.stderr.strip()}"
        )
    return pdfs


def pdf_from_docx(data: bytes, name: str) -> bytes:
    """One document's PDF bytes."""
    with tempfile.TemporaryDirectory(prefix="roles-pdf-") as tmp:
        source = Path(tmp) / name
        source.write_bytes(data)
        (pdf,) = docx_to_pdf([source], Path(tmp) / "out")
        return pdf.read_bytes()
