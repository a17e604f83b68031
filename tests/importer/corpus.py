"""The test corpus: documents written for the tests, each with the structure it must import to.

`corpus/dev` is what the importer was tuned on; `corpus/heldout` was written at the same time
and only run at the end, to check that the tuning generalises. A document's `.yaml` says how
its file is made from the `.txt` beside it: `encoding` writes the text in that encoding (as
Notepad or Word would save it), `build` makes a Word file of it (a line per paragraph; `a | b`
rows make a table, `# ` a Heading 1, `**…**` a bold paragraph, `{1}`/`{2}`/`{•}` Word's own
numbering, `>> ` the page header) and converts it with LibreOffice to `.odt`, `.rtf`, `.doc`
or `.pdf` where asked.
"""

import dataclasses
import io
import shutil
import subprocess
import tempfile
from collections import Counter
from pathlib import Path

import docx
import yaml
from docx.oxml import parse_xml
from docx.oxml.ns import nsdecls

from roles.domain import Registry, walk_clauses
from roles.importer.markup import normalise

CORPUS = Path(__file__).parent / "corpus"

_NUMBERING = (
    '<w:numbering {}><w:abstractNum w:abstractNumId="7">'
    '<w:lvl w:ilvl="0"><w:start w:val="1"/><w:numFmt w:val="decimal"/><w:lvlText w:val="%1."/>'
    '</w:lvl><w:lvl w:ilvl="1"><w:start w:val="1"/><w:numFmt w:val="decimal"/>'
    '<w:lvlText w:val="%1.%2."/></w:lvl></w:abstractNum>'
    '<w:abstractNum w:abstractNumId="8"><w:lvl w:ilvl="0"><w:start w:val="1"/>'
    '<w:numFmt w:val="bullet"/><w:lvlText w:val="•"/></w:lvl></w:abstractNum>'
    '<w:num w:numId="3"><w:abstractNumId w:val="7"/></w:num>'
    '<w:num w:numId="4"><w:abstractNumId w:val="8"/></w:num></w:numbering>'
)
_ENCODINGS = {
    "utf-8": ("utf-8", b""),
    "utf-8-sig": ("utf-8", b"\xef\xbb\xbf"),
    "utf-16": ("utf-16-le", b"\xff\xfe"),
    "utf-16-le": ("utf-16-le", b""),
    "utf-16-be": ("utf-16-be", b""),
    "utf-16-be-bom": ("utf-16-be", b"\xfe\xff"),
    "cp1257": ("cp1257", b""),
    "cp1252": ("cp1252", b""),
}


@dataclasses.dataclass
class Case:
    name: str
    text: Path
    expected: dict  # type: ignore[type-arg]

    @property
    def kind(self) -> str:
        spec = self.expected["file"]
        return str(spec.get("build") or spec.get("encoding"))


def cases(part: str) -> list[Case]:
    folder = CORPUS / part
    return [
        Case(p.stem, p.with_suffix(".txt"), yaml.safe_load(p.read_text(encoding="utf-8")))
        for p in sorted(folder.glob("*.yaml"))
    ]


def make_file(case: Case, folder: Path) -> Path:
    """The document's file as a user would have it, written into `folder`."""
    spec = case.expected["file"]
    text = case.text.read_text(encoding="utf-8")
    built = folder / f"{case.name}.{spec.get('build', 'txt')}"
    if built.exists() and built.stat().st_mtime >= case.text.stat().st_mtime:
        return built  # made earlier in this folder
    if "encoding" in spec:
        codec, bom = _ENCODINGS[spec["encoding"]]
        path = folder / f"{case.name}.txt"
        path.write_bytes(bom + text.replace("\n", "\r\n").encode(codec))
        return path
    target = spec["build"]
    path = folder / f"{case.name}.docx"
    path.write_bytes(build_docx(text))
    if target == "docx":
        return path
    return convert(path, target, folder)


def convert(path: Path, target: str, folder: Path) -> Path:
    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    assert soffice is not None, "LibreOffice is needed to build the corpus"
    with tempfile.TemporaryDirectory() as profile:
        subprocess.run(
            [
                soffice,
                f"-env:UserInstallation=file://{profile}",
                "--headless",
                "--convert-to",
                target,
                "--outdir",
                str(folder),
                str(path),
            ],
            check=True,
            capture_output=True,
            timeout=120,
        )
    out = folder / f"{path.stem}.{target}"
    assert out.exists(), f"LibreOffice made no {out.name}"
    return out


def build_docx(text: str) -> bytes:
    document = docx.Document()
    document.part.numbering_part._element = parse_xml(_NUMBERING.format(nsdecls("w")))
    rows: list[list[str]] = []

    def flush() -> None:
        if not rows:
            return
        table = document.add_table(rows=0, cols=max(len(r) for r in rows))
        for row in rows:
            cells = table.add_row().cells
            for cell, value in zip(cells, row, strict=False):
                cell.text = value
        rows.clear()

    for line in text.splitlines():
        if " | " in line and not line.startswith(">> "):
            rows.append([c.strip() for c in line.split(" | ")])
            continue
        flush()
        if not line.strip():
            continue
        if line.startswith(">> "):
            header = document.sections[0].header
            header.paragraphs[0].text = line[3:].replace(" | ", " – ")
        elif line.startswith("# "):
            document.add_paragraph(line[2:], style="Heading 1")
        elif line.startswith("**") and line.endswith("**"):
            document.add_paragraph().add_run(line[2:-2]).bold = True
        elif line[:3] in ("{1}", "{2}", "{•}"):
            paragraph = document.add_paragraph(line[4:])
            level, num = {"{1}": (0, 3), "{2}": (1, 3), "{•}": (0, 4)}[line[:3]]
            paragraph._p.get_or_add_pPr().append(
                parse_xml(
                    f'<w:numPr {nsdecls("w")}><w:ilvl w:val="{level}"/>'
                    f'<w:numId w:val="{num}"/></w:numPr>'
                )
            )
        else:
            document.add_paragraph(line)
    flush()
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


# --- measuring ------------------------------------------------------------------------------


@dataclasses.dataclass
class Tally:
    """Counts over a corpus; each share is recovered / expected."""

    common: int = 0
    got: int = 0
    expected: int = 0
    titles: list[bool] = dataclasses.field(default_factory=list)
    supervisors: list[bool] = dataclasses.field(default_factory=list)
    subordinates: list[bool] = dataclasses.field(default_factory=list)
    rules_found: int = 0
    rules_expected: int = 0
    rules_got: int = 0
    junk: list[str] = dataclasses.field(default_factory=list)
    failures: list[str] = dataclasses.field(default_factory=list)

    @property
    def precision(self) -> float:
        return self.common / self.got if self.got else 0.0

    @property
    def recall(self) -> float:
        return self.common / self.expected if self.expected else 0.0

    def summary(self) -> dict[str, float]:
        def share(xs: list[bool]) -> float:
            return sum(xs) / len(xs) if xs else 1.0

        return {
            "clause precision": round(self.precision, 3),
            "clause recall": round(self.recall, 3),
            "titles": round(share(self.titles), 3),
            "supervisors": round(share(self.supervisors), 3),
            "subordinates": round(share(self.subordinates), 3),
            "substitution rules": round(
                self.rules_found / self.rules_expected if self.rules_expected else 1.0, 3
            ),
            "rule precision": round(
                self.rules_found / self.rules_got if self.rules_got else 1.0, 3
            ),
        }


def expected_items(expected: dict) -> Counter[str]:  # type: ignore[type-arg]
    items: Counter[str] = Counter()
    for _, text in expected.get("fields", []):
        items[normalise(text)] += 1
    for section in expected.get("sections", []):
        if section.get("intro"):
            items[normalise(section["intro"])] += 1
        for clause in section.get("clauses", []):
            items[normalise(clause)] += 1
    return items


def measure(tally: Tally, name: str, expected: dict, registry: Registry, position: str) -> None:  # type: ignore[type-arg]
    """Add one imported document to the tally, noting what differs."""
    titles = {p.id: p.title.casefold() for p in registry.positions}
    description = next(
        d for d in registry.job_descriptions if d.position == position and d.status == "draft"
    )
    got: Counter[str] = Counter()
    for section in description.sections:
        if section.intro:
            got[normalise(section.intro)] += 1
        for clause in walk_clauses(section.clauses):
            got[normalise(clause.text)] += 1
    want = expected_items(expected)
    tally.common += sum((want & got).values())
    tally.got += sum(got.values())
    tally.expected += sum(want.values())
    if want - got or got - want:
        tally.failures.append(
            f"{name}: missing {list((want - got).elements())} extra {list((got - want).elements())}"
        )
    own = next(p for p in registry.positions if p.id == position)
    title = expected["title"].casefold()
    tally.titles.append(own.title.casefold() == title)
    if own.title.casefold() != title:
        tally.failures.append(f"{name}: title {own.title!r} != {title!r}")
    if expected.get("supervisor"):
        found = titles.get(own.reports_to or "")
        tally.supervisors.append(found == expected["supervisor"].casefold())
        if found != expected["supervisor"].casefold():
            tally.failures.append(f"{name}: supervisor {found!r} != {expected['supervisor']!r}")
    for sub in expected.get("subordinates", []):
        ok = any(
            p.reports_to == position and p.title.casefold() == sub.casefold()
            for p in registry.positions
        )
        tally.subordinates.append(ok)
        if not ok:
            tally.failures.append(f"{name}: subordinate {sub!r} not found")
    want_rules = {
        (
            (r.get("absent") or expected["title"]).casefold(),
            r["substitute"].casefold(),
            bool(r.get("if_needed", False)),
        )
        for r in expected.get("rules", [])
    }
    got_rules = {
        (p.title.casefold(), titles.get(r.position, "?"), r.if_needed)
        for p in registry.positions
        for r in p.substitutes
        if r.duties is None
    }
    tally.rules_expected += len(want_rules)
    tally.rules_got += len(got_rules)
    tally.rules_found += len(want_rules & got_rules)
    if want_rules != got_rules:
        tally.failures.append(
            f"{name}: rules missing {sorted(want_rules - got_rules)} extra "
            f"{sorted(got_rules - want_rules)}"
        )
    allowed = {t.casefold() for t in expected.get("positions", [])}
    for p in registry.positions:
        if p.title.casefold() not in allowed:
            tally.junk.append(f"{name}: position {p.title!r}")


def run(part: str, folder: Path) -> Tally:
    """Import every document of a corpus part, each on its own, and tally the results."""
    from roles.domain import check
    from roles.importer import import_document

    tally = Tally()
    for case in cases(part):
        path = make_file(case, folder)
        try:
            outcome = import_document(path, "testvald")
        except Exception as e:
            tally.failures.append(f"{case.name}: {type(e).__name__}: {e}")
            tally.expected += sum(expected_items(case.expected).values())
            tally.titles.append(False)
            continue
        problems = check(outcome.registry)
        if problems:
            tally.failures.append(f"{case.name}: registry problems {problems}")
        measure(tally, case.name, case.expected, outcome.registry, outcome.position)
    return tally


if __name__ == "__main__":  # python -m tests.importer.corpus dev|heldout
    import sys

    cache = Path(tempfile.gettempdir()) / "roles-importer-corpus"
    cache.mkdir(exist_ok=True)
    result = run(sys.argv[1] if len(sys.argv) > 1 else "dev", cache)
    print("\n".join(result.failures))
    print("junk:", result.junk)
    print(result.summary())
