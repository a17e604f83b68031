"""Job-description rendering speed: documents per second on one core, in one run.

    python benchmarks/render_bench.py [SEED] [N]     (default: viimsi, the 3-page seed; N=300)

Compares `roles.render.render_docx` with
(a) docxtpl rendering an equivalent template (the same paragraphs and styles, from the same
    slim template, the clauses given as a Jinja loop), and
(b) a floor: the same document's XML built as strings and written into a zip whose static
    parts are pre-compressed (no object model at all).
Then renders 10 000 documents and prints peak memory (RSS) after 1 000 and after 10 000:
it should stay flat. Goal: ≥ 10× docxtpl and ≥ 25 % of the floor.
"""

import io
import os
import resource
import sys
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from xml.sax.saxutils import escape

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

import docx  # noqa: E402
from docxtpl import DocxTemplate  # noqa: E402

from roles.domain import Clause, JobDescription  # noqa: E402
from roles.registry import read  # noqa: E402
from roles.render import LAYOUTS, description_of, layout_of, render_docx  # noqa: E402
from roles.render._package import Member, write_zip  # noqa: E402
from roles.render._words import numbered  # noqa: E402

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"


def lines(description: JobDescription) -> Iterator[tuple[str, str]]:
    """(style id, text) for every paragraph, flattened: what both comparisons print."""
    for section in description.sections:
        if section.title:
            yield "Heading1", f"{numbered(section.ref)} {section.title}"

        def walk(clauses: list[Clause], depth: int) -> Iterator[tuple[str, str]]:
            for c in clauses:
                yield f"Clause{min(depth, 5)}", f"{numbered(c.ref)}\t{c.text}"
                if c.result:
                    yield f"Clause{min(depth, 5)}", c.result
                yield from walk(c.clauses, depth + 1)

        yield from walk(section.clauses, 1)


def docxtpl_renderer(template: Path, description: JobDescription) -> Callable[[], bytes]:
    source = docx.Document(str(template))
    source.add_paragraph("{%p for line in lines %}")
    source.add_paragraph("{{ line.text }}")
    source.add_paragraph("{%p endfor %}")
    buffer = io.BytesIO()
    source.save(buffer)
    context = {"lines": [{"style": s, "text": t} for s, t in lines(description)]}

    def render() -> bytes:
        tpl = DocxTemplate(io.BytesIO(buffer.getvalue()))
        tpl.render(context)
        out = io.BytesIO()
        tpl.save(out)
        return out.getvalue()

    return render


def floor_renderer(template: Path, description: JobDescription) -> Callable[[], bytes]:
    import zipfile

    with zipfile.ZipFile(template) as zf:
        members = [(i.filename, Member.of(i.filename, zf.read(i))) for i in zf.infolist()]
        body = zf.read("word/document.xml").decode()
    head, tail = body.split("<w:body>")
    paragraphs = list(lines(description))

    def render() -> bytes:
        xml = "".join(
            f'<w:p><w:pPr><w:pStyle w:val="{style}"/></w:pPr><w:r><w:t xml:space="preserve">'
            f"{escape(text)}</w:t></w:r></w:p>"
            for style, text in paragraphs
        )
        document = f"{head}<w:body>{xml}{tail}".encode()
        return write_zip(
            Member.of(n, document) if n == "word/document.xml" else m for n, m in members
        )

    return render


def per_second(render: Callable[[], object], n: int) -> float:
    render()  # warm up: templates load once
    start = time.perf_counter()
    for _ in range(n):
        render()
    return n / (time.perf_counter() - start)


def rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def main() -> None:
    seed = sys.argv[1] if len(sys.argv) > 1 else "viimsi"
    n = int(sys.argv[2]) if len(sys.argv) > 2 else 300
    if hasattr(os, "sched_setaffinity"):
        os.sched_setaffinity(0, {min(os.sched_getaffinity(0))})  # one core
    registry = read(ROOT / "seeds" / f"{seed}.yaml", layouts=LAYOUTS)
    position = registry.job_descriptions[0].position
    description = description_of(registry, position)
    template = ROOT / "templates" / f"{layout_of(registry, description)}.docx"

    ours = per_second(lambda: render_docx(registry, position), n)
    tpl = per_second(docxtpl_renderer(template, description), max(n // 10, 20))
    floor = per_second(floor_renderer(template, description), n * 5)
    print(f"seed {seed} ({position}), one core, {n} documents")
    print(f"  roles.render   {ours:8.0f} docs/s")
    print(f"  docxtpl        {tpl:8.0f} docs/s   roles.render = {ours / tpl:5.1f}× docxtpl")
    print(f"  floor (zip)    {floor:8.0f} docs/s   roles.render = {ours / floor:5.0%} of the floor")

    for count in range(1, 10_001):
        render_docx(registry, position)
        if count in (1_000, 10_000):
            print(f"  peak RSS after {count:6d} documents: {rss_mb():6.1f} MB")


if __name__ == "__main__":
    main()
