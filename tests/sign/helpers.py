"""Tampering with containers, as an attacker or an accident would."""

from __future__ import annotations

import io
import zipfile
from collections.abc import Callable

from lxml import etree


def rewrite(container: bytes, path: str, change: Callable[[bytes], bytes]) -> bytes:
    """The same container with one entry changed; order and `mimetype` storage kept."""
    source = zipfile.ZipFile(io.BytesIO(container))
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as target:
        for info in source.infolist():
            data = source.read(info)
            target.writestr(
                info, change(data) if info.filename == path else data, info.compress_type
            )
    return buffer.getvalue()


def entries(container: bytes) -> list[zipfile.ZipInfo]:
    return zipfile.ZipFile(io.BytesIO(container)).infolist()


def read_entry(container: bytes, path: str) -> bytes:
    return zipfile.ZipFile(io.BytesIO(container)).read(path)


def replace_text(document: bytes, local_name: str, text: str) -> bytes:
    root = etree.fromstring(document)
    element = next(e for e in root.iter() if etree.QName(e).localname == local_name)
    element.text = text
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8")


def text_of(document: bytes, local_name: str) -> str:
    root = etree.fromstring(document)
    element = next(e for e in root.iter() if etree.QName(e).localname == local_name)
    return element.text or ""
