"""`python -m app.sync.simulate` runs the real code paths and exits 0 only when every invariant holds."""

from __future__ import annotations

from pathlib import Path

import pytest

from app.sync import segment, simulate


@pytest.mark.parametrize("options", [[], ["--segment-bytes", "300"]], ids=["whole", "in-parts"])
def test_simulate_prints_what_it_checked_and_exits_0(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch, options: list[str]
) -> None:
    monkeypatch.setattr(segment, "MAX_BYTES", segment.MAX_BYTES)  # restored after the in-parts run
    code = simulate.main(
        ["--replicas", "4", "--ops", "120", "--seed", "3", "--share", str(tmp_path / "share"), *options]
    )
    out = capsys.readouterr().out
    assert code == 0, out
    assert "convergence : oui" in out and "écritures perdues : 0" in out and "tenus" in out
    files = list((tmp_path / "share" / "maillage-sync" / "replicas").glob("*/seg/*.chg"))
    assert files and any(segment.parse_part(f.name) for f in files) == bool(options)
