"""Where each line of the input went, so that nothing is lost without anyone noticing."""

import dataclasses
from collections.abc import Iterable


@dataclasses.dataclass(slots=True, frozen=True)
class Placement:
    line: int
    where: str  # a path in the registry file ("job_descriptions[0].sections[2].clauses[1].text"),
    # or "ignored: …" for print artefacts (page numbers, table rules)
    text: str
    unsure: bool = False
    why: str = ""  # for unsure placements: what the importer guessed


class Accounting:
    def __init__(self) -> None:
        self._by_line: dict[int, Placement] = {}

    def place(
        self, line: int, where: str, text: str, *, unsure: bool = False, why: str = ""
    ) -> None:
        # A line may be split over several fields (label and value); the first placement names it,
        # an unsure one wins so that it is reported.
        old = self._by_line.get(line)
        if old is None or (unsure and not old.unsure):
            self._by_line[line] = Placement(line, where, text, unsure, why)

    def at(self, line: int) -> Placement | None:
        return self._by_line.get(line)

    def placements(self) -> list[Placement]:
        return [self._by_line[n] for n in sorted(self._by_line)]

    def unsure(self) -> list[Placement]:
        return [p for p in self.placements() if p.unsure]

    def missing(self, lines: Iterable[int]) -> list[int]:
        return [n for n in lines if n not in self._by_line]
