"""The word analyser (Vabamorf) as the importer uses it: a form's readings are its own,
whatever was analysed beside it, and no text can crash the process."""

import json
import subprocess
import sys

from roles.importer.morphology import Analyser


def test_an_empty_form_before_a_capitalised_one_does_not_crash_the_process() -> None:
    # estnltk 1.7.5's Vabamorf reads a list as one sentence and dies (SIGSEGV) on a list
    # opening with "" before a capitalised word; run apart, so a regression fails one test
    # instead of taking the test worker down.
    script = (
        "from roles.importer.morphology import Analyser\n"
        "words = Analyser().words(['', 'Tere', 'x', 'TIñ', ' ', 'Ametijuhend'])\n"
        "import json; print(json.dumps([len(w.readings) for w in words]))\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, timeout=120
    )
    assert done.returncode == 0, done.stderr[-2000:]
    counts = json.loads(done.stdout)
    assert counts[0] == 0 and counts[4] == 0  # blank forms have no readings
    assert all(n > 0 for n in (counts[1], counts[5]))


def test_a_form_reads_the_same_alone_and_among_others() -> None:
    alone = Analyser().word("Olen").readings
    among = Analyser().words(["Kinnitan", "Olen", "ametijuhendiga", "tutvunud"])[1].readings
    assert alone == among
