"""Issue 16.8: a kill while typing loses at most the keys of the last moment.

The window is killed (SIGKILL) while typing goes on without a pause, and once 400 ms after the
last key (250 ms is the promise, measured by bench/typing_kills.py; the margin is for a shared
test machine's late timers). With the old autosave (600 ms after the last key, nothing while
typing on) the first trial lost every key typed (26 of 26 at 40 ms a key) and the second all
30; with 200 ms after the last key alone the first still lost 26 of 26. See typing_kills.py for
how a trial runs.
"""

from __future__ import annotations

import signal
import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parent))
from typing_kills import prepare, run_trial  # noqa: E402

pytestmark = pytest.mark.skipif(not hasattr(signal, "SIGKILL"), reason="SIGKILL is POSIX only")

TEXT = " Apotek buka 24 jam di Sleman."  # 30 keys


@pytest.fixture(scope="module")
def template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return prepare(tmp_path_factory.mktemp("ketik") / "data")


def test_a_kill_in_the_middle_of_typing_loses_only_the_last_keys(template: Path,
                                                                 tmp_path: Path) -> None:
    trial = run_trial(template, tmp_path / "data", TEXT, key_ms=40, kill_ms=1000)
    assert trial.exit_code == -9
    assert trial.typed >= 20  # still typing when killed
    assert trial.saved >= trial.typed - 10, trial
    # 250 ms is the promise; the margin is for a shared test machine's late timers.
    assert trial.oldest_lost_ms <= 400, trial


def test_a_kill_just_after_the_last_key_loses_nothing(template: Path,
                                                                  tmp_path: Path) -> None:
    trial = run_trial(template, tmp_path / "data", TEXT, key_ms=40, kill_ms="+400")
    assert trial.exit_code == -9
    assert (trial.typed, trial.saved) == (30, 30), trial


CELL_TEXT = "Membuat surat rujukan sesuai indikasi medis"  # walker #3, 43 keys


def test_a_kill_while_typing_into_a_table_cell_loses_only_the_last_keys(
        template: Path, tmp_path: Path) -> None:
    """The new row came back EMPTY: the cell's text was saved only when its editor closed."""
    trial = run_trial(template, tmp_path / "data", CELL_TEXT, key_ms=40, kill_ms=1200, cell=True)
    assert trial.exit_code == -9
    assert 20 <= trial.typed < 43  # still typing when killed, the editor open
    assert trial.saved >= trial.typed - 10, trial
    assert trial.oldest_lost_ms <= 400, trial


def test_a_kill_after_the_last_key_typed_into_a_table_cell_loses_nothing(
        template: Path, tmp_path: Path) -> None:
    trial = run_trial(template, tmp_path / "data", CELL_TEXT, key_ms=40, kill_ms="+400",
                      cell=True)
    assert trial.exit_code == -9
    assert (trial.typed, trial.saved) == (43, 43), trial
