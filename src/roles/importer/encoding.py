"""Text files as Windows, Word and Notepad save them: UTF-8 (with or without BOM), UTF-16 (LE/BE,
with or without BOM), Windows-1257 (Baltic) and Windows-1252 (Western).

The candidates are few and known, so they are tried in order rather than guessed by a general
detector: a BOM decides; NUL bytes on every other position mean UTF-16; valid UTF-8 is UTF-8;
otherwise the two Windows code pages share õäöü and differ in where š and ž live (1257: 0xF0,
0xFE; 1252: 0x9A, 0x9E), so the one that reads more Estonian letters and fewer foreign ones wins.
"""

import codecs

from roles.importer.errors import ImporterError

_ESTONIAN = set("šžŠŽõäöüÕÄÖÜ")
_FOREIGN = set("ðþÐÞøæåÆØÅ¹º¾ª")  # what the other code page makes of š, ž, õ …


def decode(data: bytes, name: str) -> str:
    if data.startswith(codecs.BOM_UTF8):
        return _strict(data[3:], "utf-8", name)
    if data.startswith(codecs.BOM_UTF16_LE):
        return _strict(data[2:], "utf-16-le", name)
    if data.startswith(codecs.BOM_UTF16_BE):
        return _strict(data[2:], "utf-16-be", name)
    head = data[:4096]
    if b"\x00" in head:
        even, odd = head[0::2].count(0), head[1::2].count(0)
        if odd > len(head) // 8 and odd > even * 4:
            return _strict(data, "utf-16-le", name)
        if even > len(head) // 8 and even > odd * 4:
            return _strict(data, "utf-16-be", name)
        raise ImporterError("damaged", name, reason="binary data")
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        pass
    best: tuple[int, str] | None = None
    for codec in ("cp1257", "cp1252"):  # on a tie the Estonian code page wins
        try:
            decoded = data.decode(codec)
        except UnicodeDecodeError:
            continue
        score = sum(c in _ESTONIAN for c in decoded) - 3 * sum(c in _FOREIGN for c in decoded)
        if best is None or score > best[0]:
            best = (score, decoded)
    if best is None:
        raise ImporterError("encoding", name)
    return best[1]


def _strict(data: bytes, codec: str, name: str) -> str:
    try:
        return data.decode(codec)
    except UnicodeDecodeError as e:
        raise ImporterError("damaged", name, reason=f"{codec}: {e.reason}") from None
