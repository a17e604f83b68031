"""Importing job descriptions with Estonian morphology on: documents per second and a batch of 500.

Documents: the five seed texts and the test corpus in its text and Word forms (files converted
by LibreOffice or poppler are left out: a conversion costs about a second of LibreOffice's time
whatever the importer does). Figures, beside their goals:

- loading the Vabamorf analyser, once per process;
- cold: each distinct document imported once, with the analyser loaded but its word-form cache
  and the title caches empty (the first documents of a new municipality);
- warm: the same documents again (a batch's later documents, whose words were seen before);
- a batch of 500 files in a folder through `import_batch` (reading, decoding, importing,
  matching titles across the batch), goal < 30 s.

    .venv/bin/python benchmarks/import_bench.py [--batch 500] [--smoke]
"""

import argparse
import shutil
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from tests.importer import corpus  # noqa: E402

from roles.importer import import_batch, import_lines, morphology, read, titles  # noqa: E402

_BESIDE = ROOT.parent / "shared" / "seeds"
SEEDS = _BESIDE if _BESIDE.is_dir() else ROOT / "tests/fixtures/originals"
GOAL_PER_SECOND = 50
GOAL_BATCH_SECONDS = 30.0


def _files(folder: Path, smoke: bool) -> list[Path]:
    paths = sorted(SEEDS.glob("*.txt"))
    for case in corpus.cases("dev") + corpus.cases("heldout"):
        if case.kind in ("doc", "odt", "rtf", "pdf"):
            continue
        paths.append(corpus.make_file(case, folder))
    return paths[:6] if smoke else paths


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--batch", type=int, default=500)
    parser.add_argument("--smoke", action="store_true", help="a few documents, to see it runs")
    args = parser.parse_args()
    batch = 12 if args.smoke else args.batch
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        paths = _files(folder / "src", args.smoke) if (folder / "src").mkdir() is None else []
        documents = [(p.name, read(p.name, p.read_bytes())) for p in paths]

        start = time.perf_counter()
        morphology.shared().warm()
        load = time.perf_counter() - start

        def run() -> float:
            start = time.perf_counter()
            for name, lines in documents:
                import_lines(lines, "bench", name=name)
            return time.perf_counter() - start

        morphology._SHARED = morphology.Analyser()  # empty cache, engine kept by Vabamorf
        morphology.shared().warm()
        titles.nominative.cache_clear()
        titles.key.cache_clear()
        cold = run()
        warm = min(run() for _ in range(1 if args.smoke else 3))

        many = folder / "batch"
        many.mkdir()
        for i in range(batch):
            source = paths[i % len(paths)]
            shutil.copy(source, many / f"{i:04d}_{source.name}")
        start = time.perf_counter()
        result = import_batch([many], "bench")
        batch_seconds = time.perf_counter() - start
    n = len(documents)
    imported = sum(d.imported or d.draft_exists is not None for d in result.documents)
    print(f"analyser loaded in {load:.2f} s (once per process)")
    print(
        f"cold: {n / cold:.0f} documents/s ({n} distinct documents in {cold:.2f} s); "
        f"goal >= {GOAL_PER_SECOND}/s: {'met' if n / cold >= GOAL_PER_SECOND else 'MISSED'}"
    )
    print(
        f"warm: {n / warm:.0f} documents/s; ratio warm/cold {cold / warm:.1f}x; "
        f"goal >= {GOAL_PER_SECOND}/s: {'met' if n / warm >= GOAL_PER_SECOND else 'MISSED'}"
    )
    print(
        f"batch of {batch} files: {batch_seconds:.1f} s ({batch / batch_seconds:.0f}/s, "
        f"{imported} read); goal < {GOAL_BATCH_SECONDS:.0f} s: "
        f"{'met' if batch_seconds < GOAL_BATCH_SECONDS * batch / 500 else 'MISSED'}"
    )


if __name__ == "__main__":
    main()
