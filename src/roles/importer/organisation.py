"""The registry an import extends: its units and positions, and names resolved to them.

A name in a document resolves to a position by its base form (`titles.key`): the document's own
position first (also when the document shortens its title, "Juhatajat" for "sotsiaalosakonna
juhataja"), then the municipality's positions and those imported earlier in the batch, then
those this document already named (again allowing a shortened name). Only a name that reads as
a position title becomes a new position; any other is left out and reported.
"""

import msgspec

from roles.domain import JobDescription, Position, Registry, Unit
from roles.importer import titles


class Organisation:
    def __init__(self, registry: Registry) -> None:
        self.r = registry
        self.units = list(registry.units)
        self.positions = {p.id: p for p in registry.positions}
        self._by_key: dict[str, str] = {}
        for p in registry.positions:
            self._by_key.setdefault(titles.key(p.title), p.id)
        self.created: list[str] = []
        self.named: list[str] = []  # positions this document named, in order
        self.rejected: list[str] = []  # phrases that did not read as titles

    def ids(self) -> set[str]:
        return {
            self.r.municipality.id,
            *(a.id for a in self.r.agencies),
            *(u.id for u in self.units),
            *self.positions,
        }

    def new_id(self, base: str) -> str:
        base = f"{self.r.municipality.id}-{titles.slug(base)}"[:90].strip("-")
        taken, candidate, n = self.ids(), base, 2
        while candidate in taken:
            candidate, n = f"{base}-{n}", n + 1
        return candidate

    def find(self, phrase: str) -> Position | None:
        found = self._by_key.get(titles.key(phrase))
        return self.positions.get(found) if found else None

    def add(self, position: Position) -> None:
        self.positions[position.id] = position
        self._by_key.setdefault(titles.key(position.title), position.id)

    def resolve(self, phrase: str, own: Position, unit: str) -> str | None:
        """The position a phrase names, created if it reads as a title; None otherwise."""
        text = phrase.strip(" ,.;:")
        if not text:
            return own.id
        if titles.matches(text, own.title) or titles.shortened(text, own.title):
            return own.id
        if titles.shortened(own.title, text) and titles.qualified_by_organisation(text, own.title):
            return own.id  # "Noortekeskuse noorsootöötaja" for "noorsootöötaja"
        found = self.find(text)
        if found is not None:
            self._note(found.id)
            return found.id
        for pid in self.named:
            if titles.shortened(text, self.positions[pid].title):
                return pid
        title = titles.nominative(text)
        if not titles.reads_as_title(title):
            self.rejected.append(text)
            return None
        pid = self.new_id(title)
        self.add(Position(id=pid, title=title, unit=unit))
        self.created.append(pid)
        self._note(pid)
        return pid

    def _note(self, pid: str) -> None:
        if pid not in self.named:
            self.named.append(pid)

    def replace(self, position: Position) -> None:
        self.positions[position.id] = position

    def unit_for(self, names: list[str], agency: str) -> str:
        parent: str | None = None
        for name in names:
            found = next((u for u in self.units if titles.matches(name, u.name)), None)
            if found is None:
                uid = self.new_id(name)
                found = Unit(id=uid, agency=agency, name=titles.nominative(name), parent=parent)
                self.units.append(found)
            parent = found.id
        assert parent is not None
        return parent

    def with_agency(self, registry: Registry) -> None:
        self.r = registry

    def registry(self, job_descriptions: list[JobDescription]) -> Registry:
        positions = [self.positions[p.id] for p in self.r.positions]
        known = {p.id for p in self.r.positions}
        positions += [p for i, p in self.positions.items() if i not in known]
        return msgspec.structs.replace(
            self.r,
            units=self.units,
            positions=positions,
            job_descriptions=job_descriptions,
        )
