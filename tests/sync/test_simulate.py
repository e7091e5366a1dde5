"""`python -m app.sync.simulate` runs the real code paths and exits 0 only when every invariant holds."""

from __future__ import annotations

from pathlib import Path

import pytest

from app.sync import segment, simulate
from app.sync.sim_world import World


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
    assert "convergence : oui" in out and "écritures perdues : 0" in out
    assert "jamais appliqué (I8) : oui" in out and "invariants I1 à I9 : tenus" in out
    files = list((tmp_path / "share" / "maillage-sync" / "replicas").glob("*/seg/*.chg"))
    assert files and any(segment.parse_part(f.name) for f in files) == bool(options)


def test_simulate_exits_1_when_an_invariant_breaks(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    """The checks can fail: workstations that would read the newer schema apply its segment (I8)."""
    monkeypatch.setattr(segment, "SCHEMA_MAJOR", segment.SCHEMA_MAJOR)  # restored afterwards
    real = World.add_future_replica

    def everybody_upgraded(world: World) -> None:
        real(world)
        segment.SCHEMA_MAJOR += 1

    monkeypatch.setattr(World, "add_future_replica", everybody_upgraded)
    code = simulate.main(["--replicas", "3", "--ops", "60", "--seed", "5", "--share", str(tmp_path / "s")])
    out = capsys.readouterr().out
    assert code == 1
    assert "invariants I1 à I9 : VIOLÉS" in out and "I8 segment d'un schéma plus récent appliqué" in out
