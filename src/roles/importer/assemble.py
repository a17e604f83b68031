"""A parsed document becomes registry entities: the unit, the position, its draft description.

Positions the document names (supervisor, substitutes) are matched to the municipality's
existing positions by title, inflection-tolerant; the others are created and listed.
"""

import dataclasses
import re

import msgspec

from roles.domain import (
    FORMAT,
    Agency,
    Approval,
    Checker,
    ClauseField,
    DocumentControl,
    JobDescription,
    JobDescriptionStatus,
    Municipality,
    MunicipalityKind,
    Position,
    Registry,
    SectionKind,
    ServiceType,
    SubstitutionRule,
    walk_clauses,
)
from roles.importer import messages, owntitle, relations, requirements, titles
from roles.importer.accounting import Accounting
from roles.importer.body import ClauseB, join
from roles.importer.description import place_front_and_tail, reindex, systems, walk
from roles.importer.description import section as section_of
from roles.importer.document import ParsedDocument
from roles.importer.organisation import Organisation


@dataclasses.dataclass
class Outcome:
    registry: Registry
    position: str  # the imported position's id
    created: list[str]  # ids of positions created because the document named them
    accounting: Accounting
    notes: list["Note"]  # what could not be placed as structure (e.g. an unmatched duty scope)
    matched: bool = False  # the document's position existed before (in the registry or batch)
    named: list[str] = dataclasses.field(default_factory=list)  # positions the document names
    replaced_draft: int | None = None  # the version of a draft this import replaces
    title_source: str = "heading"  # field | front | heading | sentences
    # the check of `registry` (set by `single.import_lines`): the next document of a batch is
    # checked by what it changes, not the whole registry again
    checker: Checker | None = dataclasses.field(default=None, repr=False)


class Note(str):
    """A remark about the import for people: in English as a string, in Estonian by `et`."""

    et: str
    key: str
    details: dict[str, object]

    def __new__(cls, key: str, **details: object) -> "Note":
        note = super().__new__(cls, messages.text(key, "en", **details))
        note.et = messages.text(key, "et", **details)
        note.key = key
        note.details = details
        return note

    def text(self, language: str) -> str:
        return self.et if language == "et" else str(self)


class NoTitle(Exception):
    """The document names no position title that reads as one: nothing may be created."""


def build(doc: ParsedDocument, municipality: str, existing: Registry | None) -> Outcome:
    acc = Accounting()
    notes: list[Note] = []
    sections = doc.body.sections
    fields = {c.field: c for s in sections for c in walk(s.clauses) if c.field is not None}
    all_text = " ".join(c.joined() for s in sections for c in walk(s.clauses))
    found = owntitle.find(doc, fields)
    if found is None:
        raise NoTitle
    title, title_source = found
    if title_source == "sentences":
        notes.append(Note("unsure.title_from_sentence", title=title))
    registry = existing or _skeleton(municipality, doc, all_text)
    org = Organisation(registry)
    agency = _agency(org, doc, fields)
    unit_names = _unit_names(doc, fields, all_text)
    unit = org.unit_for(unit_names, agency) if unit_names else _any_unit(org, agency)
    own = org.find(title)
    matched = own is not None
    if own is None:
        own = Position(id=org.new_id(title), title=title, unit=unit)
        org.add(own)
    pid = own.id
    facts = _Facts(org, own, unit, registry)
    # --- header fields ------------------------------------------------------------------
    reports = fields.get(ClauseField.REPORTS_TO)
    if reports is not None:
        for named in relations.split_list(reports.joined())[:1]:
            facts.reports(pid, facts.resolve(named.phrase))
    if ClauseField.SUBORDINATES in fields:
        for named in relations.split_list(fields[ClauseField.SUBORDINATES].joined()):
            facts.reports(facts.resolve(named.phrase), pid)
    if ClauseField.SUBSTITUTES in fields:
        value = fields[ClauseField.SUBSTITUTES].joined()
        subs, _ = relations.read(value) if _is_sentence(value) else ([], [])
        for sub in subs:
            facts.substitution(sub)
        if not subs:
            for named in relations.split_list(value):
                facts.rule(pid, facts.resolve(named.phrase), named.if_needed, named.another_holder)
    if ClauseField.SUBSTITUTES_FOR in fields:
        for named in relations.split_list(fields[ClauseField.SUBSTITUTES_FOR].joined()):
            target = pid if named.another_holder else facts.resolve(named.phrase)
            facts.substitutes_for(target)
    # --- sentences ------------------------------------------------------------------------
    for section in sections:
        for clause in walk(section.clauses):
            if clause.field is not None:
                continue
            for sentence in re.split(r"(?<=[.;])\s+(?=[A-ZÕÄÖÜ])", clause.joined()):
                subs, reps = relations.read(sentence)
                for rep in reps:
                    facts.reports(facts.resolve(rep.subordinate), facts.resolve(rep.superior))
                for sub in subs:
                    facts.substitution(sub, notes)
    service = own.service
    service_text = (
        fields[ClauseField.SERVICE].joined() if ClauseField.SERVICE in fields else all_text
    ).lower()
    if re.search(r"töötaja|tööleping|töölepingu", service_text) and "ametnik" not in service_text:
        service = ServiceType.EMPLOYEE
    anti = own.anti_corruption_official or ClauseField.ANTI_CORRUPTION in fields
    for phrase in org.rejected:
        notes.append(Note("unsure.not_a_title", phrase=phrase))
    own = org.positions[pid]
    own = msgspec.structs.replace(
        own,
        unit=own.unit if matched else unit,
        service=service,
        anti_corruption_official=anti,
    )
    org.replace(own)
    # --- the description -------------------------------------------------------------------
    if not any(s.kind is SectionKind.DUTIES for s in sections):
        for s in sections:  # "KOHUSTUSED" is the duties when nothing else is
            if s.kind is SectionKind.OBLIGATIONS and (s.title or "").casefold().strip(
                " :"
            ).endswith("kohustused"):
                s.kind = SectionKind.DUTIES
    out_sections = [section_of(s, i, acc) for i, s in enumerate(sections)]
    reqs = requirements.read(
        [
            c.joined()
            for s in sections
            if s.kind is SectionKind.QUALIFICATIONS
            for c in walk(s.clauses)
        ]
        + [join(s.intro) for s in sections if s.kind is SectionKind.QUALIFICATIONS]
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
        systems=systems(all_text),
        signatures=[s.build() for s in doc.body.signatures],
    )
    kept = [d for d in registry.job_descriptions if not (d.position == pid and d in drafts)]
    jd_index = len(kept)
    place_front_and_tail(doc, acc, jd_index)
    reindex(acc, jd_index)
    for line in doc.lines:  # lines a rewritten line took in go where it went
        placed = acc.at(line.number)
        for number in line.also:
            if placed is not None and acc.at(number) is None:
                acc.place(number, placed.where, placed.text, unsure=placed.unsure, why=placed.why)
    result = org.registry([*kept, description])
    return Outcome(
        result,
        pid,
        org.created,
        acc,
        notes,
        matched=matched,
        named=[p for p in org.named if p != pid],
        replaced_draft=drafts[0].version if drafts else None,
        title_source=title_source,
    )


def _is_sentence(value: str) -> bool:
    return bool(re.search(r"\b(asendab|asendavad|äraolekul|puudumisel)\b", value, re.I))


class _Facts:
    """Reporting lines and substitution rules, applied to the organisation as they are read."""

    def __init__(self, org: Organisation, own: Position, unit: str, registry: Registry) -> None:
        self.org, self.own, self.unit, self.registry = org, own, unit, registry

    def resolve(self, phrase: str) -> str | None:
        return self.org.resolve(phrase, self.org.positions[self.own.id], self.unit)

    def reports(self, subordinate: str | None, superior: str | None) -> None:
        if subordinate is None or superior is None or subordinate == superior:
            return
        position = self.org.positions[subordinate]
        if position.reports_to is None or subordinate == self.own.id:
            self.org.replace(msgspec.structs.replace(position, reports_to=superior))

    def rule(
        self, absent: str | None, substitute: str | None, if_needed: bool, another: bool
    ) -> None:
        if absent is None or substitute is None:
            return
        holder = self.org.positions[absent]
        if substitute == absent or another:
            holder = msgspec.structs.replace(holder, seats=max(holder.seats, 2))
            substitute = absent if another and substitute != absent else substitute
        rule = SubstitutionRule(position=substitute, if_needed=if_needed)
        if any(r.position == substitute and r.duties is None for r in holder.substitutes):
            self.org.replace(holder)
            return
        ordered = sorted([*holder.substitutes, rule], key=lambda r: r.if_needed)
        self.org.replace(msgspec.structs.replace(holder, substitutes=ordered))

    def substitutes_for(self, target: str | None) -> None:
        if target is None:
            return
        own = self.org.positions[self.own.id]
        if target not in own.substitutes_for:
            self.org.replace(
                msgspec.structs.replace(own, substitutes_for=[*own.substitutes_for, target])
            )

    def substitution(self, sub: relations.Substitution, notes: list[Note] | None = None) -> None:
        absent = self.resolve(sub.absent.phrase)
        substitute = (
            absent
            if sub.substitute.another_holder
            and absent is not None
            and (
                not sub.substitute.phrase
                or titles.head_lemma(sub.substitute.phrase)
                == titles.head_lemma(self.org.positions[absent].title)
            )
            else self.resolve(sub.substitute.phrase)
        )
        if sub.absent.another_holder and substitute is not None:
            absent = substitute if absent == substitute or absent is None else absent
        if absent is None or substitute is None:
            return
        if sub.scope is not None:
            duties = _duties_matching(self.registry, absent, sub.scope)
            if absent != self.own.id and substitute == self.own.id:
                self.substitutes_for(absent)
            if not duties:
                if notes is not None:
                    notes.append(
                        Note(
                            "unsure.scope", title=self.org.positions[absent].title, scope=sub.scope
                        )
                    )
                return
            holder = self.org.positions[absent]
            rule = SubstitutionRule(position=substitute, duties=duties)
            if rule not in holder.substitutes:
                self.org.replace(
                    msgspec.structs.replace(holder, substitutes=[*holder.substitutes, rule])
                )
            return
        if substitute == self.own.id and absent != self.own.id:
            self.substitutes_for(absent)
        self.rule(absent, substitute, sub.substitute.if_needed, False)


def empty_registry(municipality: str) -> Registry:
    """A municipality's registry with nothing in it (a batch that imported nothing)."""
    return Registry(
        format=FORMAT,
        municipality=Municipality(id=municipality, name=municipality, kind=MunicipalityKind.TOWN),
    )


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


def _agency(org: Organisation, doc: ParsedDocument, fields: dict[ClauseField, ClauseB]) -> str:
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


def _any_unit(org: Organisation, agency: str) -> str:
    if org.units:
        return org.units[0].id
    return org.unit_for(["teenistus"], agency)


def _duties_matching(registry: Registry, position: str, scope: str) -> list[str] | None:
    """Duty refs of the position's current description whose wording the scope names."""
    from roles.domain import current_description

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
