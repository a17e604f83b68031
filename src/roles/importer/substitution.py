"""Who substitutes whom, from header fields and from sentences.

"Kes asendab: laste heaolu spetsialist, vajadusel laste heaolu teenistuse juht",
"X äraolekul asendab teda teine X ja Y", "X asendab Y-t tema äraolekul toimetulekutoetuse
määramisel …" (a rule on Y, limited to some duties), "X ja Y asendavad teineteist".
"""

import dataclasses
import re

from roles.importer.titles import nominative


@dataclasses.dataclass(frozen=True)
class Named:
    phrase: str  # as written, inflected
    if_needed: bool = False
    another_holder: bool = False  # "teine sotsiaalteenuste spetsialist"


@dataclasses.dataclass(frozen=True)
class Rule:
    """`substitute` stands in for `absent` (phrases as written; None = the imported position)."""

    absent: str | None
    substitute: Named
    scope: str | None = None  # "toimetulekutoetuse määramisel, …": only these duties


def split_list(value: str) -> list[Named]:
    """ "A, vajadusel B" → A, B (if needed); commas, "ja", "või" separate; brackets stay whole."""
    parts: list[str] = []
    depth, start = 0, 0
    text = value.strip().rstrip(".;")
    i = 0
    while i < len(text):
        ch = text[i]
        depth += ch == "("
        depth -= ch == ")"
        if depth == 0:
            sep = re.match(r",\s*|\s+(ja|või|ning)\s+", text[i:])
            if sep and (ch == "," or ch == " "):
                parts.append(text[start:i])
                i += sep.end()
                start = i
                continue
        i += 1
    parts.append(text[start:])
    out: list[Named] = []
    if_needed = False
    for part in parts:
        part = part.strip()
        if re.match(r"^vajadusel\b", part, re.I):
            if_needed = True
            part = re.sub(r"^vajadusel\s+", "", part, flags=re.I)
        another = bool(re.match(r"^(teine|teised|teist)\s", part, re.I))
        if another:
            part = part.split(" ", 1)[1]
        if part and part.lower() not in {"puudub", "puuduvad", "-"}:
            out.append(Named(part, if_needed, another))
    return out


_ABSENT = re.compile(r"^(?P<a>.+?)\s+äraolekul\s+asendab\s+(teda\s+)?(?P<list>.+?)\.?$", re.I)
_SCOPED = re.compile(
    r"^(?P<a>.+?)\s+asendab\s+(?P<b>.+?)\s+(tema|nende)\s+äraolekul\s*(?P<scope>.*?)\.?$", re.I
)
_MUTUAL = re.compile(r"^(?P<list>.+?)\s+asendavad\s+(teineteist|üksteist|vastastikku)\.?$", re.I)


def from_sentence(sentence: str) -> list[Rule]:
    sentence = sentence.strip()
    match = _ABSENT.match(sentence)
    if match:
        absent = nominative(match["a"])
        return [Rule(absent, named) for named in split_list(match["list"])]
    match = _MUTUAL.match(sentence)
    if match:
        names = split_list(match["list"])
        return [Rule(nominative(a.phrase), b) for a in names for b in names if a != b]
    match = _SCOPED.match(sentence)
    if match:
        scope = match["scope"].strip(" ,") or None
        return [Rule(nominative(match["b"]), Named(match["a"]), scope)]
    return []
