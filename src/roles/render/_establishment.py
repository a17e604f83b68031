"""The staff establishment (teenistuskohtade koosseis) as DOCX, in the municipality's own style.

The same template as the municipality's job descriptions (its named styles: Title, Approval,
Table Grid, Table Heading, Table Text, its page size and margins; Viimsi's running header),
filled with the approval block, the title, and a table per unit: number, title of the post,
number of posts, service type, anti-corruption duty, with a total per unit and for the agency.
Deterministic like the job descriptions: the same version gives the same bytes.

Settings come as arguments (`templates_dir`): nothing here reads the configuration.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from roles.domain import Establishment, Registry, ServiceType, dates
from roles.render._layouts import LAYOUTS
from roles.render._oxml import Story, core_properties
from roles.render._package import Draft, template
from roles.render._words import capitalised

_WORDS = {
    "approved": ("KINNITATUD", "APPROVED"),
    "draft": ("EELNÕU", "DRAFT"),
    "title": ("Teenistuskohtade koosseis", "Staff establishment"),
    "in_force": ("Kehtib alates {}. Versioon {}.", "In force from {}. Version {}."),
    "planned": (
        "Kavandatud jõustuma {}. Versioon {}.",
        "Planned to come into force on {}. Version {}.",
    ),
    "published": ("Avaldatud: {}", "Published: {}"),
    "no": ("Nr", "No."),
    "post": ("Teenistuskoha nimetus", "Post"),
    "count": ("Kohtade arv", "Posts"),
    "service": ("Teenistuse liik", "Service type"),
    "anti": ("Ametiisik", "Anti-corruption official"),
    "unit_total": ("Kokku üksuses", "Unit total"),
    "total": ("Teenistuskohti kokku", "Posts in total"),
    "official": ("ametnik", "official"),
    "employee": ("töötaja", "employee"),
    "yes": ("jah", "yes"),
    "running": ("{}. Teenistuskohtade koosseis\t\tLehe nr ", "{}. Staff establishment\t\tPage "),
}


class EstablishmentRenderError(Exception):
    """No template for the municipality's layout, or one without the styles needed."""


def establishment_file_name(establishment: Establishment, suffix: str = "docx") -> str:
    """ "voru-lv-koosseis-v2.docx" (agency ids are slugs already)."""
    return f"{establishment.agency}-koosseis-v{establishment.version}.{suffix}"


def render_establishment_docx(
    registry: Registry,
    establishment: Establishment,
    *,
    templates_dir: Path,
    language: str = "et",
) -> bytes:
    """One version of an agency's staff establishment as DOCX bytes."""
    municipality = registry.municipality
    name = next(
        (n for n in (municipality.layout, municipality.id) if n in LAYOUTS), "voru"
    )  # the job descriptions' fallback too
    path = templates_dir / f"{name}.docx"
    if not path.is_file():
        raise EstablishmentRenderError(f"layout {name!r}: no template at {path}")
    loaded = template(path)
    needed = {"Title", "Approval", "BodyText", "TableGrid", "TableHeading", "TableText", "Header"}
    missing = needed - loaded.style_ids
    if missing:
        raise EstablishmentRenderError(f"template {path} lacks the styles {sorted(missing)}")

    def w(key: str, *args: object) -> str:
        et, en = _WORDS[key]
        return (et if language == "et" else en).format(*args)

    agencies = {a.id: a.name for a in registry.agencies}
    agency = agencies.get(establishment.agency, establishment.agency)
    draft = loaded.draft()
    if loaded.headers:  # Viimsi repeats a line on every page
        draft.header().paragraph(w("running", agency), "Header").field("PAGE").run(
            "(" if language == "et" else " / "
        ).field("NUMPAGES").run(")" if language == "et" else "")
    body = draft.body
    act = establishment.act
    if act is not None:
        body.paragraph(w("approved"), "Approval")
        body.paragraph(act.line(language), "Approval")
        if act.title:
            body.paragraph(f"„{act.title.strip('„“')}“", "Approval")
    else:
        body.paragraph(w("draft"), "Approval")
    # The agency on its own line: its name would need inflecting inside a title.
    body.paragraph(capitalised(agency), "BodyText")
    body.paragraph(w("title"), "Title")
    when = dates.shown(establishment.in_force, language)
    body.paragraph(w("in_force" if act else "planned", when, establishment.version), "BodyText")
    if act is not None and act.published:
        body.paragraph(w("published", act.published), "BodyText")
    _table(body, draft, establishment, w)
    approved_on = act.date if act else None
    core = core_properties(
        title=f"{agency}: {w('title').lower()}, v{establishment.version}",
        subject=municipality.name,
        keywords=f"{establishment.agency} koosseis v{establishment.version}",
        revision=establishment.version,
        date=approved_on or establishment.in_force,
    )
    return draft.to_bytes(core)


def _table(
    body: Story, draft: Draft, establishment: Establishment, words: Callable[..., str]
) -> None:
    width = draft.width
    shares = (0.08, 0.50, 0.12, 0.15, 0.15)
    table = body.table([int(width * s) for s in shares], "TableGrid")
    head = table.row(header=True)
    for cell, key in zip(head, ("no", "post", "count", "service", "anti"), strict=True):
        cell.paragraph(words(key), "TableHeading")
    number = 0
    for unit in establishment.units:
        [unit_cell] = table.row([5])
        unit_cell.paragraph(unit.name, "TableHeading")
        for post in unit.posts:
            number += 1
            cells = table.row()
            official = post.service is ServiceType.OFFICIAL
            values = (
                f"{number}.",
                post.title,
                str(post.count),
                words("official" if official else "employee"),
                words("yes") if post.anti_corruption_official else "",
            )
            for cell, value in zip(cells, values, strict=True):
                cell.paragraph(value, "TableText")
        label, count, _ = table.row([2, 1, 2])
        label.paragraph(words("unit_total"), "TableText")
        count.paragraph(str(sum(p.count for p in unit.posts)), "TableHeading")
    label, count, _ = table.row([2, 1, 2])
    label.paragraph(words("total"), "TableHeading")
    count.paragraph(str(establishment.total), "TableHeading")
    body.paragraph("", "BodyText")  # a body must not end with a table before its sections
