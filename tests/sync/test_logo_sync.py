"""The GIP's logo travels with the base: chosen on one workstation, printed by all of them."""

from __future__ import annotations

from pathlib import Path

from PIL import Image

from app.services.settings import get_identity, save_identity
from app.sync.sim_world import World
from tests.sync.replicas import run_on


def test_a_logo_chosen_on_one_workstation_reaches_the_others(pair: World, tmp_path: Path) -> None:
    a, b = pair.replicas
    path = tmp_path / "logo.png"
    Image.new("RGB", (900, 300), (31, 78, 121)).save(path)
    chosen = run_on(a, lambda s: save_identity(s, {"gip.logo_path": str(path)}))
    path.unlink()  # not on b's disk
    pair.settle()
    received = run_on(b, get_identity)
    assert received.logo == chosen.logo and received.logo.startswith(b"\x89PNG")
