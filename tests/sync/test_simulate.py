"""`python -m app.sync.simulate` runs the real code paths and exits 0 only when every invariant holds."""

from __future__ import annotations

from pathlib import Path

import pytest

from app.sync import simulate


def test_simulate_prints_what_it_checked_and_exits_0(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code = simulate.main(
        ["--replicas", "4", "--ops", "120", "--seed", "3", "--share", str(tmp_path / "share")]
    )
    out = capsys.readouterr().out
    assert code == 0, out
    assert "convergence : oui" in out and "écritures perdues : 0" in out and "tenus" in out
    assert list((tmp_path / "share" / "maillage-sync" / "replicas").glob("*/seg/*.chg"))
