"""Who substitutes whom and who reports to whom, read from sentences and field values.

Estonian marks roles by case, not by word order, so a sentence is read as noun phrases with
their cases around a verb: with *asendama* the nominative names the substitute and the partitive
the one substituted ("Raamatupidajat asendab personalispetsialist"); with *alluma* (or *alluv*)
the allative names the superior and the nominative the subordinate ("Haldusjuhile allub
majahoidja"); "X vahetu juht on Y" names X's superior. A genitive before an absence noun
("Raamatupidaja äraolekul …") names who is away; "teda" points back to it, or to the document's
own position; "teine X" is another holder of X; "üksteist" makes the subjects substitute each
other; "vajadusel" marks what follows it (or the whole sentence) as needed only as a fallback.

(The phrase chunker and the readers built on it share one model of a sentence, so they live
together here.)
"""

import dataclasses
import re

from roles.importer import morphology
from roles.importer.morphology import Word

OWN = ""  # a phrase standing for the document's own position

_ABSENCE = {"äraolek", "puudumine", "puhkus", "haigus", "lähetus", "töövõimetus", "koolitus"}
_DUTIES_OF_OWNER = re.compile(
    r"\btäida(b|vad)\s+(?:tema|nende)\s+(?:töö|teenistus|ameti)?(?:ülesandeid|kohustusi)\b",
    re.I,
)
_WHEN = {"ajal", "korral", "puhul", "jooksul", "perioodil", "ajaks"}
_RECIPROCAL = {"üksteist", "teineteist", "üksteise", "teineteise", "vastastikku"}
_IF_NEEDED = re.compile(r"\bvajadus(?:el|e\s+korral)\b|\bkui\s+vaja\b", re.I)
_CONJ = {"ja", "ning", "või", "ega", "ehk"}
_TOKEN = re.compile(r"\w+-\s+(?:ja|või|ning)\s+\w+(?:-\w+)*|\w+(?:[-–]\w+)*-?|[^\w\s]")


@dataclasses.dataclass(frozen=True)
class Named:
    phrase: str  # as written, inflected; OWN = the document's own position
    if_needed: bool = False
    another_holder: bool = False  # "teine sotsiaalteenuste spetsialist"


@dataclasses.dataclass(frozen=True)
class Substitution:
    absent: Named  # who is away
    substitute: Named  # who stands in
    scope: str | None = None  # "toimetulekutoetuse määramisel …": only these duties


@dataclasses.dataclass(frozen=True)
class Reporting:
    subordinate: str  # phrases; OWN = the document's own position
    superior: str


@dataclasses.dataclass
class _Phrase:
    words: list[Word]
    texts: list[str]
    start: int  # token index
    another: bool = False
    tail: str = ""  # a bracket after the head

    @property
    def text(self) -> str:
        return " ".join(self.texts) + (f" {self.tail}" if self.tail else "")

    @property
    def head(self) -> Word:
        return self.words[-1]

    def cases(self) -> set[str]:
        readings = [r for r in self.head.readings if r.pos != "H" and r.form != "adt"]
        if not readings:
            readings = [r for r in self.head.readings if r.form != "adt"]
        return {r.case for r in readings if r.case}

    def absence(self) -> int | None:
        for i, w in enumerate(self.words):
            if w.lemmas() & _ABSENCE or w.text.casefold() in _WHEN:
                return i
        return None


def _tokens(sentence: str) -> list[str]:
    return _TOKEN.findall(sentence)


def _joins(previous: Word, word: Word) -> bool:
    """Whether `previous` can stand before `word` in one noun phrase: a genitive attribute, an
    indeclinable one, or an adjective agreeing in case."""
    if any(r.case == "g" or (r.form == "" and r.pos in "AG") for r in previous.readings):
        return True
    cases = {r.case for r in word.readings if r.case}
    return any(r.pos in "ACUON" and r.case in cases for r in previous.readings)


_NON_FINITE = {"tud", "nud", "v", "tav", "des", "mata", "maks", "mas", "mast"}


def _chunks(sentence: str) -> tuple[list[str], list[Word | None], list[_Phrase | str]]:
    """The sentence as noun phrases and markers: "SEP", "VERB:lemma", "IF", "RECIP", "TEDA",
    "TEMA", "REL", "AGENT", "ABS" or "OTHER"."""
    tokens = _tokens(sentence)
    analyser = morphology.shared()
    words: list[Word | None] = [None] * len(tokens)
    alpha = [i for i, t in enumerate(tokens) if t[:1].isalpha()]
    for i, w in zip(alpha, analyser.words([_last(tokens[i]) for i in alpha]), strict=True):
        words[i] = w
    out: list[_Phrase | str] = []
    current: _Phrase | None = None
    another = False

    def close() -> None:
        nonlocal current
        if current is not None:
            out.append(current)
            current = None

    i = 0
    while i < len(tokens):
        token, word = tokens[i], words[i]
        low = token.casefold()
        if token == "(":
            depth, j = 0, i
            while j < len(tokens):
                depth += tokens[j] == "("
                depth -= tokens[j] == ")"
                if depth == 0:
                    break
                j += 1
            bracket = " ".join(tokens[i : j + 1]).replace("( ", "(").replace(" )", ")")
            if current is not None:
                current.tail = bracket
            elif out and isinstance(out[-1], _Phrase):
                out[-1].tail = bracket
            i = j + 1
            continue
        if word is None:
            close()
            out.append("SEP" if token in ",;" else "OTHER")
            i += 1
            continue
        lemmas = word.lemmas()
        if low in ("vajadusel",) or (
            low == "vajaduse" and i + 1 < len(tokens) and tokens[i + 1].casefold() == "korral"
        ):
            close()
            out.append("IF")
            i += 2 if low == "vajaduse" else 1
            continue
        if low in _RECIPROCAL or lemmas & _RECIPROCAL:
            close()
            out.append("RECIP")
            i += 1
            continue
        if low in _CONJ:
            close()
            out.append("SEP")
            i += 1
            continue
        if low in ("teda",):
            close()
            out.append("TEDA")
            i += 1
            continue
        if low in ("tema", "nende", "oma", "muu", "muud"):
            close()
            out.append("TEMA")
            i += 1
            continue
        if low in ("kes", "kelle", "kellele", "kellega", "mis"):
            close()
            out.append("REL")
            i += 1
            continue
        if low == "poolt":
            if current is not None:
                current = None  # an agent ("linnapea poolt"), not a role
            elif out and isinstance(out[-1], _Phrase):
                out.pop()
            out.append("AGENT")
            i += 1
            continue
        if "teine" in lemmas and low.startswith(("teine", "teis")) and i + 1 < len(tokens):
            close()
            another = True
            i += 1
            continue
        if (
            "alluv" in lemmas
            and not word.verb
            and not any(r.pos == "S" and r.lemma != "alluv" for r in word.readings)
        ) or low in ("allutatud", "allutatu"):  # "on vahetult alluv / allutatud X-le"
            close()
            out.append("VERB:alluma")
            i += 1
            continue
        finite = any(r.pos == "V" and r.form not in _NON_FINITE for r in word.readings)
        if word.verb or (lemmas & {"asendama", "alluma"} and finite):
            close()
            verb = next(iter(sorted(lemmas & {"asendama", "alluma", "olema"})), "verb")
            singular = any(r.pos == "V" and r.form == "b" for r in word.readings)
            out.append(f"VERB:{verb}" + (":sg" if singular and verb == "asendama" else ""))
            i += 1
            continue
        participle = any(r.pos == "V" and r.form in ("tud", "nud") for r in word.readings)
        if participle and out and out[-1] == "AGENT":
            i += 1  # "… poolt määratud X": the participle belongs to the agent
            continue
        capital = (
            token[:1].isupper()
            and i > 0
            and not token.isupper()
            and any(r.pos == "H" for r in word.readings)
        )
        if capital:
            close()
            i += 1  # a proper name inside the sentence: "Tapa vallavanemale"
            continue
        if (
            word.nominal
            and not (word.pos() <= set("DJKPIXZ"))
            and not ("D" in word.pos() and token.endswith("lt"))
        ):
            if current is not None and not _joins(current.words[-1], word):
                close()
            if current is not None and current.absence() is not None:
                close()
            if current is None:
                current = _Phrase([], [], i, another=another)
                another = False
            current.words.append(word)
            current.texts.append(token)
            i += 1
            continue
        close()
        out.append("OTHER")
        i += 1
    close()
    return tokens, words, out


def _last(token: str) -> str:
    parts = re.split(r"\s+", token)
    return parts[-1] if parts else token


def _is(item: object, *cases: str) -> bool:
    return isinstance(item, _Phrase) and bool(item.cases() & set(cases))


def read(sentence: str) -> tuple[list[Substitution], list[Reporting]]:
    """The substitution and reporting facts one sentence states."""
    # "… täidab tema ülesandeid X" says what "… asendab teda X" says
    sentence = _DUTIES_OF_OWNER.sub(lambda m: f"asenda{m[1]} teda", sentence)
    low = sentence.casefold()
    if not re.search(r"asend|allu|juht\s+on|ülem\s+on", low):
        return [], []
    _, _, items = _chunks(sentence)
    subs: list[Substitution] = []
    reports: list[Reporting] = []
    verbs = [i for i, x in enumerate(items) if isinstance(x, str) and x.startswith("VERB:")]
    # "X vahetu juht on Y"
    for i, item in enumerate(items):
        if (
            isinstance(item, _Phrase)
            and len(item.words) >= 2
            and item.words[-1].lemmas() & {"juht", "ülem"}
            and item.words[-2].lemmas() & {"vahetu", "otsene"}
            and i + 1 < len(items)
            and items[i + 1] == "VERB:olema"
        ):
            owner = item.texts[:-2]
            after = [x for x in items[i + 2 :] if isinstance(x, _Phrase)]
            if after and _is(after[0], "n"):
                reports.append(Reporting(" ".join(owner) if owner else OWN, after[0].text))
    for i, item in enumerate(items):  # "X töötab Y alluvuses": Y is X's superior
        if (
            isinstance(item, _Phrase)
            and len(item.words) >= 2
            and "alluvus" in item.words[-1].lemmas()
            and "in" in item.words[-1].cases()
        ):
            before = [x for x in items[:i] if isinstance(x, _Phrase) and "n" in x.cases()]
            subordinate = before[0].text if before else OWN
            reports.append(Reporting(subordinate, " ".join(item.texts[:-1])))
    for v in verbs:
        verb = str(items[v]).split(":")[1]
        if verb == "asendama":
            subs.extend(_substitution(items, v))
        elif verb == "alluma":
            reports.extend(_reporting(items, v))
    return subs, reports


def _clause_span(items: list[_Phrase | str], v: int) -> list[_Phrase | str]:
    """The items of the clause around verb v: up to the neighbouring verbs or relative words."""
    start = v
    while start > 0 and not (
        isinstance(items[start - 1], str)
        and (str(items[start - 1]).startswith("VERB:") or items[start - 1] == "REL")
    ):
        start -= 1
    end = v + 1
    while end < len(items) and not (
        isinstance(items[end], str) and str(items[end]).startswith("VERB:")
    ):
        end += 1
    return items[start:end]


def _substitution(items: list[_Phrase | str], v: int) -> list[Substitution]:
    span = _clause_span(items, v)
    verb_at = span.index(items[v])
    singular_verb = str(items[v]).endswith(":sg")
    owner: _Phrase | None = None
    subjects: list[tuple[_Phrase, int]] = []
    objects: list[_Phrase] = []
    teda = False
    recip = False
    if_at: int | None = None
    scope_from: int | None = None
    for k, item in enumerate(span):
        if item == "IF":
            if_at = k if if_at is None else if_at
        elif item == "RECIP":
            recip = True
        elif item == "TEDA":
            teda = True
        elif isinstance(item, _Phrase):
            absence = item.absence()
            if absence is not None:
                if absence > 0 and owner is None:
                    owner = _Phrase(item.words[:absence], item.texts[:absence], item.start)
                if k > verb_at and objects and scope_from is None:
                    scope_from = k + 1
                continue
            cases = item.cases()
            plural_only = all(
                r.plural for r in item.head.readings if r.case == "n" and r.pos != "H"
            )
            if "n" in cases and "p" in cases and singular_verb and plural_only and subjects:
                objects.append(item)  # "abilinnapead" after a singular subject: partitive
            elif "n" in cases:
                subjects.append((item, k))
            elif "p" in cases:
                objects.append(item)
            elif (
                cases & {"ad", "in", "el", "kom"} and k > verb_at and objects and scope_from is None
            ):
                scope_from = k
    if teda or not objects:
        absent_named = [Named(owner.text if owner is not None else OWN)]
    else:
        absent_named = [Named(o.text, another_holder=o.another) for o in objects]
    if not subjects:
        subject_named = [Named(OWN)]
        positions = [len(span)]
    else:
        subject_named = [Named(s.text, another_holder=s.another) for s, _ in subjects]
        positions = [k for _, k in subjects]
    all_if_needed = if_at is not None and not any(k > if_at for k in positions)
    scope = None
    if scope_from is not None and objects:
        subject_ids = {id(s) for s, _ in subjects}
        words = [
            x.text
            for x in span[scope_from:]
            if isinstance(x, _Phrase)
            and id(x) not in subject_ids
            and "n" not in x.cases()
            and x.absence() is None
        ]
        scope = ", ".join(words) or None
    out: list[Substitution] = []
    if recip:
        names = [Named(s.phrase, another_holder=True) for s in subject_named]
        if len(names) == 1:
            return [Substitution(names[0], Named(names[0].phrase, if_at is not None, True))]
        for a in names:
            for b in names:
                if a.phrase != b.phrase:
                    out.append(Substitution(Named(a.phrase), Named(b.phrase, if_at is not None)))
        return out
    for absent in absent_named:
        for named, k in zip(subject_named, positions, strict=True):
            needed = all_if_needed or (if_at is not None and k > if_at)
            out.append(
                Substitution(
                    absent,
                    dataclasses.replace(named, if_needed=needed),
                    scope,
                )
            )
    return out


def _predicatives(items: list[_Phrase | str]) -> set[int]:
    """Phrases that complete "on" ("Logopeed on lasteaia tugispetsialist"): not subjects."""
    out: set[int] = set()
    for k, item in enumerate(items):
        if item == "VERB:olema":
            following = next((x for x in items[k + 1 :] if isinstance(x, _Phrase)), None)
            between = items[k + 1 : items.index(following)] if following is not None else []
            if following is not None and all(x == "OTHER" for x in between):
                out.add(id(following))
    return out


def _reporting(items: list[_Phrase | str], v: int) -> list[Reporting]:
    span = _clause_span(items, v)
    predicative = _predicatives(items)
    superiors = [x for x in span if isinstance(x, _Phrase) and "all" in x.cases()]
    subordinates = [
        x
        for x in span
        if isinstance(x, _Phrase)
        and "n" in x.cases()
        and x.absence() is None
        and id(x) not in predicative
    ]
    if not superiors:
        return []
    if not subordinates:
        first = next(
            (
                x
                for x in items
                if isinstance(x, _Phrase) and "n" in x.cases() and id(x) not in predicative
            ),
            None,
        )
        subordinate_texts = [first.text if first is not None else OWN]
    else:
        subordinate_texts = [s.text for s in subordinates]
    return [Reporting(s, superiors[0].text) for s in subordinate_texts]


def split_list(value: str) -> list[Named]:
    """A field's value: "A, vajadusel B", "A; vajadusel teine X", "puuduvad" → the names in it."""
    text = value.strip().rstrip(".;")
    if re.fullmatch(r"(puudu\w*|-|–|ei\s+ole|pole)", text, re.I):
        return []
    parts: list[str] = []
    depth, start, i = 0, 0, 0
    while i < len(text):
        ch = text[i]
        depth += ch == "("
        depth -= ch == ")"
        sep = re.match(r"[,;]\s*|\s+(ja|või|ning)\s+", text[i:]) if depth == 0 else None
        if sep and (ch in ",;" or _ends_a_name(text[start:i])):
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
        if _IF_NEEDED.match(part):
            if_needed = True
            part = _IF_NEEDED.sub("", part, count=1).strip()
        another = bool(re.match(r"^(teine|teise|teised|teist|teisi)\s", part, re.I))
        if another:
            part = part.split(" ", 1)[1]
        if part and not re.fullmatch(r"puudu\w*|-", part, re.I):
            out.append(Named(part, if_needed, another))
    return out


def _ends_a_name(text: str) -> bool:
    """Whether a conjunction after `text` separates names: its last word can be a nominative
    ("majahoidja ja koristaja"), not a genitive attribute ("laste ja perede …") nor a hanging
    compound part ("sotsiaal- ja …")."""
    words = text.split()
    if not words or words[-1].endswith("-"):
        return False
    word = morphology.shared().word(words[-1].strip("()"))
    return any(r.case == "n" for r in word.readings if r.pos in "SACUONY")
