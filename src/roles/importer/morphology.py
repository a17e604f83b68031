"""Estonian morphology from EstNLTK's Vabamorf: each word form's lemmas, cases and parts of speech.

Vabamorf is loaded once per process, on first use (≈ 1–2 s), through
`estnltk.vabamorf.morf.Vabamorf` only: EstNLTK's `Text(...).tag_layer` pipeline downloads NLTK
data at run time and is never used. Words are analysed without context (`disambiguate=False`)
so that an analysis depends on the word form alone and can be cached per form: all readings
are kept ("juhataja" is nominative or genitive) and the sentence reader decides between them by
what the sentence needs. Unknown forms are asked for in one batch per call.
"""

import dataclasses
import re
import threading
from collections.abc import Iterable, Sequence
from typing import Any

# Parts of speech (Vabamorf): S noun, H proper noun, A adjective, C comparative, U superlative,
# G genitive attribute, N numeral, O ordinal, P pronoun, V verb, D adverb, K adposition,
# J conjunction, Y abbreviation, X other, Z punctuation, I interjection.
NOMINAL = frozenset("SHACUGNOY")


@dataclasses.dataclass(frozen=True, slots=True)
class Reading:
    lemma: str
    pos: str  # part of speech, one letter
    form: str  # "sg n", "pl p", "sg all", "b" (verb) …; "" for words that do not inflect

    @property
    def case(self) -> str:
        """The case alone: "n", "g", "p", "all", "ad" …; "" for uninflected words."""
        return self.form.split(" ")[-1] if self.form[:2] in ("sg", "pl") else ""

    @property
    def plural(self) -> bool:
        return self.form.startswith("pl")


@dataclasses.dataclass(frozen=True, slots=True)
class Word:
    text: str
    readings: tuple[Reading, ...]

    def cases(self) -> set[str]:
        return {r.case for r in self.readings if r.case}

    def pos(self) -> set[str]:
        return {r.pos for r in self.readings}

    def lemma(self, pos: str | None = None, case: str | None = None) -> str:
        """The lemma of the first reading that fits; the word itself, lower-cased, when none."""
        for r in self.readings:
            if (pos is None or r.pos in pos) and (case is None or r.case == case):
                return r.lemma
        return self.readings[0].lemma if self.readings else self.text.casefold()

    def lemmas(self) -> set[str]:
        return {r.lemma for r in self.readings}

    @property
    def verb(self) -> bool:
        return bool(self.readings) and all(r.pos == "V" for r in self.readings)

    @property
    def nominal(self) -> bool:
        return any(r.pos in NOMINAL for r in self.readings)


CACHE_LIMIT = 200_000  # word forms remembered per process (≈ 100 MB at most)


class Analyser:
    """Analyses word forms with Vabamorf, remembering each form's readings."""

    def __init__(self) -> None:
        self._cache: dict[str, tuple[Reading, ...]] = {}
        self._lock = threading.Lock()
        self._vabamorf: Any = None

    def _engine(self) -> Any:
        if self._vabamorf is None:
            from estnltk.vabamorf.morf import Vabamorf  # ≈ 1–2 s, once

            self._vabamorf = Vabamorf.instance()
        return self._vabamorf

    def warm(self) -> None:
        """Load the analyser now (the first analysis would otherwise pay for it)."""
        self.words(["tere"])

    def words(self, forms: Sequence[str]) -> list[Word]:
        missing = list(dict.fromkeys(f for f in forms if f not in self._cache))
        if missing:
            with self._lock:
                if len(self._cache) + len(missing) > CACHE_LIMIT:  # a long-lived service
                    self._cache.clear()
                missing = [f for f in missing if f not in self._cache]
                for form in missing:
                    self._cache[form] = self._analyse(form)
        return [Word(f, self._cache[f]) for f in forms]

    def _analyse(self, form: str) -> tuple[Reading, ...]:
        # One form a call, never a list: Vabamorf reads a list as a sentence, so a form's
        # readings (a capital at a sentence's start) would depend on the forms analysed beside
        # it, and a list opening with an empty form before a capitalised one crashes it
        # (SIGSEGV in ETMRFA::MargistaJustkuiLauseAlgused, estnltk 1.7.5). A blank form has
        # no readings.
        if not form.strip():
            return ()
        (result,) = self._engine().analyze([form], disambiguate=False, guess=True, propername=True)
        return _readings(result["analysis"])

    def word(self, form: str) -> Word:
        return self.words([form])[0]

    def prefetch(self, texts: Iterable[str]) -> None:
        """Analyse every word of these texts up front (the cache then answers the rest)."""
        forms = {w for t in texts for w in tokens(t) if w[:1].isalpha()}
        self.words(sorted(forms))


def _readings(analysis: list[dict[str, Any]]) -> tuple[Reading, ...]:
    out: list[Reading] = []
    for a in analysis:
        reading = Reading(str(a.get("lemma", a["root"])), str(a["partofspeech"]), str(a["form"]))
        if reading not in out:
            out.append(reading)
    return tuple(out)


_TOKEN = re.compile(r"\w+(?:[-–]\w+)*|[^\w\s]")


def tokens(text: str) -> list[str]:
    """Words (hyphenated compounds whole) and punctuation marks, in order."""
    return _TOKEN.findall(text)


_SHARED: Analyser | None = None


def shared() -> Analyser:
    """The process's analyser (its cache is shared by every import in the process)."""
    global _SHARED
    if _SHARED is None:
        _SHARED = Analyser()
    return _SHARED
