"""A batch's report for people: plain text for the terminal, one self-contained HTML file.

Per document: its title, whether its position was matched or created, the positions it names,
section and clause counts, a draft it would replace, and every unsure item with its line. All
text from documents is escaped in the HTML.
"""

import dataclasses
import html as _html

from roles.domain import JobDescription, Registry
from roles.importer.assemble import Note
from roles.importer.errors import ImporterError
from roles.importer.messages import text as t


@dataclasses.dataclass(frozen=True)
class Unsure:
    line: int
    text: str  # the line as written
    why: str  # in English
    why_et: str

    def reason(self, language: str) -> str:
        return self.why_et if language == "et" else self.why


@dataclasses.dataclass
class DocumentReport:
    name: str  # the path as given; inside a zip "archive.zip:folder/file.docx"
    error: ImporterError | None = None
    title: str | None = None  # the position's title
    position: str | None = None  # its id
    matched: bool = False  # the position existed (in the municipality or earlier in the batch)
    created: list[str] = dataclasses.field(default_factory=list)  # positions it named, made new
    named: list[str] = dataclasses.field(default_factory=list)  # positions it named
    sections: int = 0
    clauses: int = 0
    unsure: list[Unsure] = dataclasses.field(default_factory=list)
    notes: list[Note] = dataclasses.field(default_factory=list)
    draft_exists: int | None = None  # the version of a draft the position already had
    replaced: bool = False  # that draft was replaced by this document's
    description: JobDescription | None = None  # the draft read from the document
    lines: list[tuple[int, str]] = dataclasses.field(default_factory=list)  # the text as read

    @property
    def imported(self) -> bool:
        return self.error is None and (self.draft_exists is None or self.replaced)


@dataclasses.dataclass
class BatchResult:
    registry: Registry
    documents: list[DocumentReport]

    def text(self, language: str = "et") -> str:
        return text(self, language)

    def html(self, language: str = "et") -> str:
        return html(self, language)


def _titles(result: BatchResult) -> dict[str, str]:
    return {p.id: p.title for p in result.registry.positions}


def _status(doc: DocumentReport, language: str) -> str:
    if doc.error is not None:
        return f"{t('report.failed', language)}: {doc.error.message(language)}"
    if doc.draft_exists is not None and not doc.replaced:
        return t("report.draft_exists", language, version=doc.draft_exists)
    kind = t("report.matched" if doc.matched else "report.created", language)
    return f"{t('report.imported', language)} ({kind})"


def text(result: BatchResult, language: str = "et") -> str:
    titles = _titles(result)
    ok = sum(d.imported for d in result.documents)
    out = [
        f"{t('report.heading', language)}: {len(result.documents)} "
        f"{t('report.documents', language)}, {ok} {t('report.imported', language)}",
        "",
    ]
    for doc in result.documents:
        out.append(f"{doc.name}: {_status(doc, language)}")
        if doc.error is None:
            out.append(f"  {t('report.title', language)}: {doc.title} [{doc.position}]")
            if doc.named:
                named = ", ".join(
                    titles.get(p, p) + (" *" if p in doc.created else "") for p in doc.named
                )
                out.append(f"  {t('report.named', language)}: {named}")
            out.append(
                f"  {t('report.sections', language)}: {doc.sections}, "
                f"{t('report.clauses', language)}: {doc.clauses}"
            )
            for item in doc.unsure:
                out.append(
                    f"  {t('report.line', language)} {item.line}: {item.reason(language)}"
                    + (f" — {item.text[:80]}" if item.text else "")
                )
    return "\n".join(out) + "\n"


def html(result: BatchResult, language: str = "et") -> str:
    esc = html_escape
    titles = _titles(result)
    ok = sum(d.imported for d in result.documents)
    rows: list[str] = []
    for doc in result.documents:
        state = "error" if doc.error is not None else ("warn" if not doc.imported else "ok")
        parts = [f'<section class="{state}"><h2>{esc(doc.name)}</h2>']
        parts.append(f"<p>{esc(_status(doc, language))}</p>")
        if doc.error is None:
            parts.append("<dl>")
            parts.append(
                f"<dt>{esc(t('report.title', language))}</dt>"
                f"<dd>{esc(doc.title or '')} <code>{esc(doc.position or '')}</code></dd>"
            )
            if doc.named:
                named = ", ".join(
                    esc(titles.get(p, p)) + (" <em>*</em>" if p in doc.created else "")
                    for p in doc.named
                )
                parts.append(f"<dt>{esc(t('report.named', language))}</dt><dd>{named}</dd>")
            parts.append(
                f"<dt>{esc(t('report.sections', language))}</dt><dd>{doc.sections}</dd>"
                f"<dt>{esc(t('report.clauses', language))}</dt><dd>{doc.clauses}</dd></dl>"
            )
            if doc.unsure:
                parts.append(f"<h3>{esc(t('report.unsure', language))}</h3><table>")
                for item in doc.unsure:
                    parts.append(
                        f"<tr><th>{esc(t('report.line', language))} {item.line}</th>"
                        f"<td>{esc(item.reason(language))}</td><td>{esc(item.text)}</td></tr>"
                    )
                parts.append("</table>")
        parts.append("</section>")
        rows.append("".join(parts))
    heading = esc(t("report.heading", language))
    summary = (
        f"{len(result.documents)} {esc(t('report.documents', language))}, "
        f"{ok} {esc(t('report.imported', language))}"
    )
    return (
        f'<!DOCTYPE html><html lang="{esc(language)}"><head><meta charset="utf-8">'
        f"<title>{heading}</title><style>{_STYLE}</style></head><body>"
        f"<h1>{heading}</h1><p>{summary}</p>{''.join(rows)}</body></html>\n"
    )


def html_escape(value: str) -> str:
    return _html.escape(value, quote=True)


_STYLE = (
    "body{font-family:system-ui,sans-serif;max-width:60rem;margin:2rem auto;padding:0 1rem}"
    "section{border-left:.3rem solid #2a7;padding:.2rem 1rem;margin:1rem 0}"
    "section.warn{border-color:#c80}section.error{border-color:#c22}"
    "dt{font-weight:bold;float:left;clear:left;width:12rem}dd{margin-left:12rem}"
    "table{border-collapse:collapse}th,td{text-align:left;padding:.2rem .5rem;"
    "border-bottom:1px solid #ddd;vertical-align:top}"
)
