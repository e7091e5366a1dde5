"""What the frozen build and the sidebar rely on: shipped resources, frozen paths, the spec's inputs."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

from app import config, db_open
from app.ui.pages.registry import PAGES

ROOT = Path(__file__).resolve().parents[2]


def test_every_page_has_its_sidebar_icon() -> None:
    missing = [spec.key for spec in PAGES if not config.resource_path("icons", f"{spec.key}.svg").is_file()]
    assert missing == []


def test_the_app_icon_and_the_fonts_are_shipped() -> None:
    assert config.resource_path("icons", "maillage.svg").is_file()
    fonts = {path.name for path in config.resource_path("fonts").glob("*.ttf")}
    assert {"DejaVuSans.ttf", "DejaVuSans-Bold.ttf", "DejaVuSans-Oblique.ttf"} <= fonts
    assert config.resource_path("fonts", "LICENSE_DEJAVU").is_file()


def test_resources_are_found_in_the_frozen_bundle(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setattr(sys, "_MEIPASS", str(tmp_path), raising=False)
    assert config.resource_path("icons", "maillage.svg") == tmp_path / "resources" / "icons" / "maillage.svg"


def test_migrations_ship_where_db_open_looks_for_them() -> None:
    """build.spec copies app/models/migrations as files to the same relative place in the bundle, where
    PyInstaller also puts app/db_open.pyc's __file__: the relative path must not change silently."""
    assert db_open.MIGRATIONS.relative_to(ROOT) == Path("app", "models", "migrations")
    assert 'ROOT / "app" / "models" / "migrations"' in (ROOT / "build.spec").read_text(encoding="utf-8")
    assert any((db_open.MIGRATIONS / "versions").glob("0001_*.py"))


def test_the_frozen_entry_point_is_the_cli() -> None:
    text = (ROOT / "scripts" / "frozen_entry.py").read_text(encoding="utf-8")
    assert "from app.cli import main" in text
    assert "frozen_entry.py" in (ROOT / "build.spec").read_text(encoding="utf-8")
