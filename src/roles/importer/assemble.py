"""A parsed document becomes registry entities: the unit, the position, its draft description.

Positions the document names (supervisor, substitutes) are matched to the municipality's
existing positions by title, inflection-tolerant; the others are created and listed.

One module on purpose: every step writes into the same organisation being built (`_Org`) and
the same accounting of lines; apart, they would pass that state around at every call.
"""

import dataclasses
import re

import msgspec

from roles.domain import (
    FORMAT,
    Agency,
    Approval,
    Clause,
    ClauseField,
    DocumentControl,
    JobDescription,
    JobDescriptionStatus,
    Municipality,
    MunicipalityKind,
    Position,
    Registry,
    Section,
    SectionKind,
    ServiceType,
    SubstitutionRule,
    Unit,
    current_description,
    walk_clauses,
)
from roles.importer import requirements, substitution, titles
from roles.importer.accounting import Accounting
from roles.importer.body import ClauseB, SectionB, join
from roles.importer.document import ParsedDocument


@dataclasses.dataclass
class Outcome:
    registry: Registry
    position: str  # the imported position's id
    created: list[str]  # ids of positions created because the document named them
    accounting: Accounting
    notes: list[str]  # what could not be placed as structure (e.g. an unmatched duty scope)


class _Org:
    """The registry being extended: lookups and creation of units and positions."""

    def __init__(self, registry: Registry) -> None:
        self.r = registry
        self.units = list(registry.units)
        self.positions = {p.id: p for p in registry.positions}
        self.created: list[str] = []

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

    def find_position(self, phrase: str) -> Position | None:
        for p in self.positions.values():
            if titles.matches(phrase, p.title):
                return p
        return None

    def position_for(self, phrase: str, unit: str) -> str:
        found = self.find_position(phrase)
        if found is not None:
            return found.id
        title = titles.nominative(phrase)
        pid = self.new_id(title)
        self.positions[pid] = Position(id=pid, title=title, unit=unit)
        self.created.append(pid)
        return pid

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


def build(doc: ParsedDocument, municipality: str, existing: Registry | None) -> Outcome:
    acc = Accounting()
    notes: list[str] = []
    sections = doc.body.sections
    fields = {c.field: c for s in sections for c in _walk(s.clauses) if c.field is not None}
    all_text = " ".join(c.joined() for s in sections for c in _walk(s.clauses))
    registry = existing or _skeleton(municipality, doc, all_text)
    org = _Org(registry)
    agency = _agency(org, doc, fields)
    unit_names = _unit_names(doc, fields, all_text)
    unit = org.unit_for(unit_names, agency) if unit_names else _any_unit(org, agency)
    title = _position_title(doc, fields)
    own = org.find_position(title)
    if own is None:
        pid = org.new_id(title)
        own = Position(id=pid, title=title, unit=unit)
    pid = own.id
    # --- facts about the position --------------------------------------------------------
    reports = fields.get(ClauseField.REPORTS_TO)
    reports_phrase = (
        reports.joined() if reports else _sentence_value(all_text, r"\ballub\s+([^.]+)")
    )
    reports_to = own.reports_to
    if reports_phrase and not re.match(r"^(puudu|-)", reports_phrase, re.I):
        reports_to = org.position_for(reports_phrase, unit)
    service = own.service
    service_text = (
        fields[ClauseField.SERVICE].joined() if ClauseField.SERVICE in fields else all_text
    ).lower()
    if "töötaja" in service_text and "ametnik" not in service_text:
        service = ServiceType.EMPLOYEE
    anti = own.anti_corruption_official or ClauseField.ANTI_CORRUPTION in fields
    rules: list[tuple[str, SubstitutionRule]] = []  # (absent position id, rule)
    substitutes_for: list[str] = list(own.substitutes_for)
    seats = own.seats

    own_title = own.title

    def resolve(named: substitution.Named) -> str:
        if named.another_holder or titles.matches(named.phrase, own_title):
            return pid
        return org.position_for(named.phrase, unit)

    if ClauseField.SUBSTITUTES in fields:
        for named in substitution.split_list(fields[ClauseField.SUBSTITUTES].joined()):
            rules.append(
                (pid, SubstitutionRule(position=resolve(named), if_needed=named.if_needed))
            )
    if ClauseField.SUBSTITUTES_FOR in fields:
        for named in substitution.split_list(fields[ClauseField.SUBSTITUTES_FOR].joined()):
            target = resolve(named)
            if target not in substitutes_for:
                substitutes_for.append(target)
    for section in sections:
        for clause in _walk(section.clauses):
            if clause.field is not None:
                continue
            for sentence in re.split(r"(?<=\.)\s+(?=[A-ZÕÄÖÜ])", clause.joined()):
                for found in substitution.from_sentence(sentence):
                    absent = (
                        pid
                        if found.absent is None or titles.matches(found.absent, own.title)
                        else org.position_for(found.absent, unit)
                    )
                    sub = resolve(found.substitute)
                    if found.substitute.another_holder and sub == pid:
                        seats = max(seats, 2)
                    if found.scope is not None:
                        duties = _duties_matching(registry, absent, found.scope)
                        if absent != pid and sub == pid and absent not in substitutes_for:
                            substitutes_for.append(absent)
                        if not duties:
                            notes.append(
                                f"{org.positions.get(absent, own).title}: substitution "
                                f"limited to “{found.scope}” — no duty refs to name; "
                                "recorded as substitutes_for only"
                            )
                            continue
                        rules.append((absent, SubstitutionRule(position=sub, duties=duties)))
                    else:
                        rules.append(
                            (
                                absent,
                                SubstitutionRule(
                                    position=sub, if_needed=found.substitute.if_needed
                                ),
                            )
                        )
    own = msgspec.structs.replace(
        own,
        unit=own.unit if existing and own.id in org.positions else unit,
        reports_to=reports_to if reports_to != pid else None,
        service=service,
        anti_corruption_official=anti,
        seats=seats,
        substitutes_for=substitutes_for,
    )
    org.positions[pid] = own
    for absent, rule in rules:
        holder = org.positions[absent]
        if any(r.position == rule.position and r.duties == rule.duties for r in holder.substitutes):
            continue
        ordered = sorted([*holder.substitutes, rule], key=lambda r: r.if_needed)
        org.positions[absent] = msgspec.structs.replace(holder, substitutes=ordered)
    # --- the description -------------------------------------------------------------------
    out_sections = [_section(s, i, acc) for i, s in enumerate(sections)]
    reqs = requirements.read(
        [
            c.joined()
            for s in sections
            if s.kind is SectionKind.QUALIFICATIONS
            for c in _walk(s.clauses)
        ]
        + [
            body
            for s in sections
            if s.kind is SectionKind.QUALIFICATIONS
            for body in [join(s.intro)]
        ]
    )
    versions = [d.version for d in registry.job_descriptions if d.position == pid]
    drafts = [
        d
        for d in registry.job_descriptions
        if d.position == pid and d.status is JobDescriptionStatus.DRAFT
    ]
    version = drafts[0].version if drafts else max(versions, default=0) + 1
    front = doc.front
    description = JobDescription(
        position=pid,
        version=version,
        status=JobDescriptionStatus.DRAFT,
        title=" ".join(front.title) or None,
        approval=Approval(**front.approval) if front.approval else None,  # type: ignore[arg-type]
        control=DocumentControl(**front.control) if front.control else None,
        sections=out_sections,
        requirements=reqs,
        systems=_systems(all_text),
        signatures=[s.build() for s in doc.body.signatures],
    )
    kept = [d for d in registry.job_descriptions if not (d.position == pid and d in drafts)]
    jd_index = len(kept)
    _place_front_and_tail(doc, acc, jd_index)
    _reindex(acc, jd_index)
    positions = [org.positions[p.id] for p in registry.positions]
    positions += [
        p for i, p in org.positions.items() if i not in {q.id for q in registry.positions}
    ]
    result = msgspec.structs.replace(
        org.r, units=org.units, positions=positions, job_descriptions=[*kept, description]
    )
    return Outcome(result, pid, org.created, acc, notes)


def _walk(clauses: list[ClauseB]) -> list[ClauseB]:
    out: list[ClauseB] = []
    for c in clauses:
        out.append(c)
        out.extend(_walk(c.children))
    return out


def _clause(c: ClauseB, path: str, acc: Accounting) -> Clause:
    for n in c.lines:
        acc.place(n, f"{path}.text", c.joined(), unsure=n in c.unsure, why=c.unsure.get(n, ""))
    for n in c.result_lines:
        acc.place(
            n, f"{path}.result", join(c.result), unsure=n in c.unsure, why=c.unsure.get(n, "")
        )
    text = c.joined() or (c.label or "")
    children = [_clause(ch, f"{path}.clauses[{j}]", acc) for j, ch in enumerate(c.children)]
    if not text:
        text = "—"
        for n in c.lines:
            acc.place(n, f"{path}.label", c.label or "", unsure=True, why="a label without value")
    return Clause(
        ref=c.ref,
        label=c.label,
        text=text,
        result=join(c.result) or None,
        field=c.field,
        clauses=children,
    )


def _section(s: SectionB, i: int, acc: Accounting) -> Section:
    path = f"@.sections[{i}]"
    for n in s.lines:
        acc.place(n, f"{path}.title", s.title or "")
    for n in s.intro_lines:
        acc.place(n, f"{path}.intro", join(s.intro))
    for n in s.column_lines:
        acc.place(n, f"{path}.columns", " | ".join(s.columns))
    for n, why in s.unsure.items():
        acc.place(n, path, "", unsure=True, why=why)
    return Section(
        kind=s.kind,
        title=s.title,
        ref=s.ref,
        level=s.level,
        intro=join(s.intro) or None,
        columns=s.columns,
        clauses=[_clause(c, f"{path}.clauses[{j}]", acc) for j, c in enumerate(s.clauses)],
    )


def _place_front_and_tail(doc: ParsedDocument, acc: Accounting, jd: int) -> None:
    for number, where, unsure in doc.front.placed:
        target = {"agency": "agencies", "unit": "units", "position.title": "positions"}.get(where)
        path = target or (where if where.startswith("ignored") else f"@.{where}")
        acc.place(
            number, path, "", unsure=unsure, why="front matter not understood" if unsure else ""
        )
    for k, sig in enumerate(doc.body.signatures):
        for n in sig.lines:
            acc.place(n, f"@.signatures[{k}]", sig.title or "")
    for n in doc.body.ignored:
        acc.place(n, "ignored: table rule or decoration", "")


def _reindex(acc: Accounting, jd: int) -> None:
    prefix = f"job_descriptions[{jd}]"
    for p in acc.placements():
        if p.where.startswith("@"):
            acc._by_line[p.line] = dataclasses.replace(p, where=prefix + p.where[1:])


def _skeleton(municipality: str, doc: ParsedDocument, text: str) -> Registry:
    whole = " ".join([*(ln.text for ln in doc.lines[:40]), text])
    rural = bool(re.search(r"vallavanem|vallavalitsus|\bvalla\b", whole, re.I))
    place = re.search(
        r"\b([A-ZÕÄÖÜ][\w-]+)\s+(?:linna|valla|[Ll]innavalitsus|[Vv]allavalitsus)", whole
    )
    name = f"{place[1]} {'vald' if rural else 'linn'}" if place else municipality
    return Registry(
        format=FORMAT,
        municipality=Municipality(
            id=municipality,
            name=name,
            kind=MunicipalityKind.RURAL if rural else MunicipalityKind.TOWN,
        ),
    )


def _agency(org: _Org, doc: ParsedDocument, fields: dict[ClauseField, ClauseB]) -> str:
    written = (
        fields[ClauseField.AGENCY].joined() if ClauseField.AGENCY in fields else doc.front.agency
    )
    for a in org.r.agencies:
        if written is None or titles.compact(a.name) == titles.compact(written):
            return a.id
    m = org.r.municipality
    name = written or m.name.replace(" linn", " Linnavalitsus").replace(" vald", " Vallavalitsus")
    if name == m.name:
        name = (
            f"{m.name} {'Vallavalitsus' if m.kind is MunicipalityKind.RURAL else 'Linnavalitsus'}"
        )
    agency = Agency(
        id=org.new_id("lv" if m.kind is MunicipalityKind.TOWN else "vv"),
        name=name,
        head_title="vallavanem" if m.kind is MunicipalityKind.RURAL else "linnapea",
    )
    org.r = msgspec.structs.replace(org.r, agencies=[*org.r.agencies, agency])
    return agency.id


def _unit_names(doc: ParsedDocument, fields: dict[ClauseField, ClauseB], text: str) -> list[str]:
    if ClauseField.UNIT in fields:
        return [n.strip() for n in fields[ClauseField.UNIT].joined().split(",") if n.strip()]
    if doc.front.unit:
        return [join(doc.front.unit)]
    match = re.search(r"\b(\w+(?:osakon|teenistus|amet)\w*)", text)
    if match:
        word = match[1]
        word = re.sub(r"osakonna$", "osakond", word)
        return [titles.nominative(word)]
    return []


def _any_unit(org: _Org, agency: str) -> str:
    if org.units:
        return org.units[0].id
    return org.unit_for(["teenistus"], agency)


def _position_title(doc: ParsedDocument, fields: dict[ClauseField, ClauseB]) -> str:
    if ClauseField.POSITION in fields:
        return fields[ClauseField.POSITION].joined()
    if doc.front.position:
        return doc.front.position[0].lower() + doc.front.position[1:]
    title = " ".join(doc.front.title)
    title = re.sub(r"\s*ametijuhend\w*\s*$", "", title, flags=re.I).strip()
    words = title.split()
    # drop the agency and unit in front: "KOHTLA-JÄRVE LINNAVALITSUSE SOTSIAALTEENISTUSE …"
    cut = max(
        (
            i + 1
            for i, w in enumerate(words)
            if re.search(r"(valitsuse|teenistuse|osakonna|ameti)$", w, re.I)
        ),
        default=0,
    )
    words = words[cut:] or ["ametikoht"]
    phrase = " ".join(words)
    phrase = phrase.lower() if phrase.isupper() else phrase[0].lower() + phrase[1:]
    return titles.nominative(phrase)


def _sentence_value(text: str, pattern: str) -> str | None:
    match = re.search(pattern, text, re.I)
    return match[1].strip() if match else None


_SYSTEMS = ["STAR", "SPOKU", "WD", "rahvastikuregister", "EHIS", "SKAIS", "TÖR"]


def _systems(text: str) -> list[str]:
    return [
        s for s in _SYSTEMS if re.search(rf"\b{re.escape(s)}", text, re.I if s.islower() else 0)
    ]


def _duties_matching(registry: Registry, position: str, scope: str) -> list[str] | None:
    """Duty refs of the position's current description whose wording the scope names."""
    description = current_description(registry.job_descriptions, position)
    if description is None:
        return None
    stems = {w[:6] for w in re.findall(r"\w{5,}", scope.lower())}
    refs: list[str] = []
    for s in description.sections:
        if s.kind is not SectionKind.DUTIES:
            continue
        for c in walk_clauses(s.clauses):
            words = {w[:6] for w in re.findall(r"\w{5,}", c.text.lower())}
            if c.ref and words and len(words & stems) >= max(1, len(words) // 2):
                refs.append(c.ref)
    return refs or None
