"""Documents imported per second: the five seed texts, imported over and over."""

import time
from pathlib import Path

from roles.importer import import_lines, source

_BESIDE = Path(__file__).resolve().parents[2] / "shared" / "seeds"
SEEDS = _BESIDE if _BESIDE.is_dir() else Path(__file__).parents[1] / "tests/fixtures/originals"


def main(seconds: float = 3.0) -> None:
    documents = [source.read(p) for p in sorted(SEEDS.glob("*.txt"))]
    done, start = 0, time.perf_counter()
    while time.perf_counter() - start < seconds:
        for lines in documents:
            import_lines(lines, "bench")
        done += len(documents)
    elapsed = time.perf_counter() - start
    print(f"{done / elapsed:.0f} documents imported per second ({done} in {elapsed:.1f} s)")


if __name__ == "__main__":
    main()
