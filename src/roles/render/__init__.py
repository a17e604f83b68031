"""Job-description documents: any version of a registry as DOCX or PDF, in its town's layout.

Public API (all synchronous and CPU- or process-bound: call them from a worker thread or
process, never on the event loop):

- `render_docx(registry, position, version=None) -> bytes`: the DOCX of a version (None = the
  version in force, see `roles.domain.current_description`). Deterministic: the same version
  renders to the same bytes (fixed core properties, zip timestamps and member order), so a
  rendered version can be hashed and signed.
- `render_pdf(registry, position, version=None, *, converter=None) -> bytes`: the same as
  PDF/A-2b (tagged) through LibreOffice: the given `PdfConverter` (warm), else a cold
  `soffice --convert-to` for this one document (~1 s).
- `PdfConverter(PdfSettings(...))`: one supervised warm LibreOffice per process with a bounded
  queue and a time-out per document; `start()`, `convert(docx) -> bytes` (or `await
  convert_async(docx)`, or `submit(docx) -> Future`), `status()`, `stop()`. See `_converter.py`.
- `pdf_from_docx(data, name, *, soffice="soffice") -> bytes`: one DOCX through a cold soffice.
- `docx_to_pdf(files, out_dir, *, soffice="soffice") -> list[Path]`: many DOCX files to PDF/A
  in one cold soffice call (bulk).
- `file_name(registry, position, version=None, suffix="docx") -> str`: "voru-sts-v1.docx".
- `field_values(registry, description) -> list[FieldValue]`: header-field clauses beside the
  registry's values (see below).
- `LAYOUTS`: the layout names that exist: voru, viljandi, kohtla-jarve, viimsi.
- `layout_of(registry, description) -> str`: the version's `layout`, else the municipality's,
  else the layout named like the municipality, else "voru" (the plainest).
- `RenderError`: no such position or version, a missing template, or LibreOffice failing;
  `message_et` / `message_en` for people, `code` for programs. Its kinds from the converter:
  `ConverterBusy` (queue full; `retry_after` seconds: answer 503 + Retry-After),
  `ConversionTimeout`, `ConversionFailed`, `ConverterStopped`.

What is deterministic: the DOCX, byte for byte. The PDF is not: LibreOffice writes the time of
conversion into the Info dictionary and the XMP metadata, into the header (date and MD5 id) of
the sRGB profile it builds for the PDF/A output intent, and into the trailer's /ID, so two
conversions of the same DOCX differ in those bytes only (tests/render/test_pdf.py shows it).
Hash and sign the DOCX; the PDF is its rendition.

Layouts (templates in `templates_dir`, by default `TEMPLATES`: the ones the package carries,
built by `templates/build_templates.py`):
voru (title, numbered clauses 1.1–2.2.1, KINNITATUD block with directive and annex),
viljandi (KINNITATUD, header-field table, 1)–14) lists, signature + acknowledgement),
kohtla-jarve (KINNITAN with the long date "9. mai 2022. a", task | description-and-result
tables with bullets, signature boxes) and viimsi (document-control header on every page with
PAGE/NUMPAGES fields "Lehe nr: X(Y)", task | desired-result table with numbers repeated,
acknowledgement lines Nimi / Allkiri / Kuupäev).

Styles a template must define (python-docx names; HR can restyle them in Word): Title,
Heading 1–3, Body Text, Clause 1–5 (numbered clause per depth; number, tab, text), Clause
Bullet 1–5, Approval, Signature, Signature Line, Table Text, Table Heading, header; character
styles Label and Digital Signature; table styles Table Grid and Field Table.

Registry facts: header-field clauses (`Clause.field`: Vahetu juht, Kes asendab, …) print the
document's wording, always: it is the text that was approved and signed. Where that wording
does not name what the registry holds (`FieldValue.agrees is False`), the document still prints
the wording, `field_values` reports the contradiction for the coverage checks, and
`roles render` warns. What the document has no wording for is taken from the registry:
the title (position title), the approver (the agency's head), Viimsi's header (agency, unit,
position, status).
"""

from __future__ import annotations

from pathlib import Path
from typing import Final

from roles.domain import JobDescription, Registry, current_description
from roles.domain.facts import Facts, FieldValue, field_values
from roles.render._converter import ConverterStatus, PdfConverter, PdfSettings
from roles.render._errors import (
    ConversionFailed,
    ConversionTimeout,
    ConverterBusy,
    ConverterStopped,
    RenderError,
)
from roles.render._establishment import EstablishmentRenderError as EstablishmentRenderError
from roles.render._establishment import establishment_file_name as establishment_file_name
from roles.render._establishment import render_establishment_docx as render_establishment_docx
from roles.render._layouts import LAYOUTS as _LAYOUTS
from roles.render._layouts import STYLES, compose
from roles.render._oxml import core_properties
from roles.render._package import template
from roles.render._pdf import PDF_EXPORT, docx_to_pdf, pdf_from_docx
from roles.render._words import capitalised

__all__ = [
    "DEFAULT_LAYOUT",
    "LAYOUTS",
    "PDF_EXPORT",
    "TEMPLATES",
    "ConversionFailed",
    "ConversionTimeout",
    "ConverterBusy",
    "ConverterStatus",
    "ConverterStopped",
    "FieldValue",
    "PdfConverter",
    "PdfSettings",
    "RenderError",
    "description_of",
    "docx_to_pdf",
    "field_values",
    "file_name",
    "layout_of",
    "pdf_from_docx",
    "render_docx",
    "render_pdf",
]

LAYOUTS: Final = tuple(_LAYOUTS)
TEMPLATES: Final = Path(__file__).resolve().parent.parent / "templates"
DEFAULT_LAYOUT: Final = "voru"


def description_of(registry: Registry, position: str, version: int | None = None) -> JobDescription:
    """The job description of `position`: the given version, or the one in force."""
    if version is None:
        found = current_description(registry.job_descriptions, position)
    else:
        found = next(
            (
                d
                for d in registry.job_descriptions
                if d.position == position and d.version == version
            ),
            None,
        )
    if found is None:
        which = "any version" if version is None else f"version {version}"
        raise RenderError(f"{registry.municipality.id}: position {position!r} has no {which}")
    return found


def layout_of(registry: Registry, description: JobDescription) -> str:
    for name in (description.layout, registry.municipality.layout, registry.municipality.id):
        if name in _LAYOUTS:
            return name
    return DEFAULT_LAYOUT


def render_docx(
    registry: Registry,
    position: str,
    version: int | None = None,
    *,
    templates_dir: Path | None = None,
) -> bytes:
    """The DOCX bytes of one job-description version; see the module docstring."""
    description = description_of(registry, position, version)
    return _render(registry, description, templates_dir)


def render_pdf(
    registry: Registry,
    position: str,
    version: int | None = None,
    *,
    templates_dir: Path | None = None,
    converter: PdfConverter | None = None,
) -> bytes:
    """The PDF/A-2b bytes of one job-description version: through `converter` when given (warm),
    else a cold soffice. Raises `RenderError` (see its kinds above)."""
    data = render_docx(registry, position, version, templates_dir=templates_dir)
    name = file_name(registry, position, version)
    if converter is not None:
        return converter.convert(data, name)
    return pdf_from_docx(data, name)


def file_name(
    registry: Registry, position: str, version: int | None = None, suffix: str = "docx"
) -> str:
    """An ASCII-safe file name: "voru-sts-v1.docx" (position ids are slugs already)."""
    description = description_of(registry, position, version)
    return f"{description.position}-v{description.version}.{suffix}"


def _render(registry: Registry, description: JobDescription, templates_dir: Path | None) -> bytes:
    layout = _LAYOUTS[layout_of(registry, description)]
    path = (templates_dir or TEMPLATES) / f"{layout.name}.docx"
    if not path.is_file():
        raise RenderError(f"layout {layout.name!r}: no template at {path}")
    try:
        facts = Facts(registry, description)
    except KeyError:
        raise RenderError(f"position {description.position!r} is not in the registry") from None
    loaded = template(path)
    missing = STYLES - loaded.style_ids
    if missing:
        raise RenderError(f"template {path} lacks the styles {sorted(missing)}")
    draft = loaded.draft()
    compose(draft, facts, layout)
    approval = description.approval
    core = core_properties(
        title=f"{capitalised(facts.position.title)}: ametijuhend, versioon {description.version}",
        subject=registry.municipality.name,
        keywords=f"{description.position} v{description.version}",
        revision=description.version,
        date=approval.date if approval else None,
    )
    return draft.to_bytes(core)
