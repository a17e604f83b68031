"""Word's automatic numbering (w:numPr), computed the way Word prints it.

A numbered paragraph carries no number in its text: it names a numbering instance and a level,
and the number is the count of earlier paragraphs at that level since a higher level last
advanced. Bullet levels give "•".
"""

from typing import Any

from docx.oxml.ns import qn

_ROMAN = [
    (1000, "m"),
    (900, "cm"),
    (500, "d"),
    (400, "cd"),
    (100, "c"),
    (90, "xc"),
    (50, "l"),
    (40, "xl"),
    (10, "x"),
    (9, "ix"),
    (5, "v"),
    (4, "iv"),
    (1, "i"),
]


def _roman(n: int) -> str:
    out = ""
    for value, letters in _ROMAN:
        while n >= value:
            out += letters
            n -= value
    return out


def _format(n: int, fmt: str) -> str:
    if fmt == "lowerLetter":
        return chr(ord("a") + (n - 1) % 26)
    if fmt == "upperLetter":
        return chr(ord("A") + (n - 1) % 26)
    if fmt == "lowerRoman":
        return _roman(n)
    if fmt == "upperRoman":
        return _roman(n).upper()
    return str(n)


class _Level:
    def __init__(self, fmt: str, text: str, start: int) -> None:
        self.fmt, self.text, self.start = fmt, text, start


class Numbering:
    """Counters per numbering definition, advanced paragraph by paragraph in document order."""

    def __init__(self, document: Any) -> None:
        self._levels: dict[str, dict[int, _Level]] = {}  # numId → ilvl → level
        self._abstract_of: dict[str, str] = {}
        self._counters: dict[str, list[int]] = {}  # abstractNumId → counters per level
        # Paragraph styles by id, read once: python-docx's `paragraph.style` scans every style
        # of the document on each call (seconds for a long document with a large styles part).
        self.style_names: dict[str, str] = {}
        self._style_num_pr: dict[str, Any] = {}
        self.default_style: str | None = None
        try:
            styles = document.styles.element
        except (KeyError, NotImplementedError):
            styles = None
        if styles is not None:
            for style in styles.findall(qn("w:style")):
                sid = style.get(qn("w:styleId"))
                name = style.find(qn("w:name"))
                self.style_names[sid] = name.get(qn("w:val")) if name is not None else sid
                p_pr = style.find(qn("w:pPr"))
                if p_pr is not None and p_pr.find(qn("w:numPr")) is not None:
                    self._style_num_pr[sid] = p_pr.find(qn("w:numPr"))
                if (
                    style.get(qn("w:default")) in ("1", "true")
                    and style.get(qn("w:type")) == "paragraph"
                ):
                    self.default_style = sid
        try:
            root = document.part.numbering_part.element
        except (KeyError, NotImplementedError):
            return
        abstracts: dict[str, dict[int, _Level]] = {}
        for abstract in root.findall(qn("w:abstractNum")):
            levels: dict[int, _Level] = {}
            for lvl in abstract.findall(qn("w:lvl")):
                fmt = _val(lvl.find(qn("w:numFmt"))) or "decimal"
                text = _val(lvl.find(qn("w:lvlText"))) or ""
                start = int(_val(lvl.find(qn("w:start"))) or 1)
                levels[int(lvl.get(qn("w:ilvl")))] = _Level(fmt, text, start)
            abstracts[abstract.get(qn("w:abstractNumId"))] = levels
        for num in root.findall(qn("w:num")):
            abstract_id = _val(num.find(qn("w:abstractNumId"))) or ""
            num_id = num.get(qn("w:numId"))
            self._levels[num_id] = abstracts.get(abstract_id, {})
            self._abstract_of[num_id] = abstract_id

    def label(self, paragraph: Any) -> str | None:
        """The number Word prints before this paragraph, without its trailing dot; or None."""
        num_id, ilvl = self._num_pr(paragraph)
        if num_id is None or num_id == "0" or num_id not in self._levels:
            return None
        levels = self._levels[num_id]
        level = levels.get(ilvl)
        if level is None:
            return None
        if level.fmt == "bullet":
            return "•"
        counters = self._counters.setdefault(
            self._abstract_of[num_id],
            [lv.start - 1 for lv in (levels.get(i) for i in range(9)) if lv is not None] + [0] * 9,
        )
        counters[ilvl] += 1
        for deeper in range(ilvl + 1, len(counters)):  # a higher level restarts the lower ones
            lv = levels.get(deeper)
            counters[deeper] = (lv.start - 1) if lv else 0
        text = level.text
        for i in range(ilvl + 1):
            lv = levels.get(i)
            value = counters[i] if counters[i] > 0 else (lv.start if lv else 1)
            text = text.replace(f"%{i + 1}", _format(value, lv.fmt if lv else "decimal"))
        return text.strip().rstrip(".") or None

    def _num_pr(self, paragraph: Any) -> tuple[str | None, int]:
        p_pr = paragraph._p.pPr
        num_pr = p_pr.find(qn("w:numPr")) if p_pr is not None else None
        if num_pr is None:  # numbering may come from the style
            num_pr = self._style_num_pr.get(self.style_id(paragraph) or "")
        if num_pr is None:
            return None, 0
        return _val(num_pr.find(qn("w:numId"))), int(_val(num_pr.find(qn("w:ilvl"))) or 0)

    def style_id(self, paragraph: Any) -> str | None:
        p_pr = paragraph._p.pPr
        style = p_pr.find(qn("w:pStyle")) if p_pr is not None else None
        return _val(style) if style is not None else self.default_style

    def style_name(self, paragraph: Any) -> str:
        sid = self.style_id(paragraph)
        return self.style_names.get(sid or "", "") if sid else ""


def _val(element: Any) -> str | None:
    return None if element is None else element.get(qn("w:val"))
