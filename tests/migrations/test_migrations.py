"""The migrations are the schema: models match them, and every released database upgrades."""

from __future__ import annotations

import lzma
import sqlite3
from pathlib import Path

import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext

from app.db import create_app_engine
from app.db_open import current_schema, head_revision, migrate
from app.models import Base

# One database per released version, made by that version's `demo` and kept xz-compressed (6 MB → 0.4 MB).
FIXTURE_DBS = Path(__file__).parent / "fixtures"


def test_models_match_migrations(template_db: Path) -> None:
    engine = create_app_engine(template_db)
    with engine.connect() as conn:
        assert compare_metadata(MigrationContext.configure(conn), Base.metadata) == []
    engine.dispose()


def test_there_is_a_released_database_to_upgrade() -> None:
    assert sorted(FIXTURE_DBS.glob("*.sqlite.xz")), "fixtures/ must hold each release's database"


@pytest.mark.parametrize("released", sorted(FIXTURE_DBS.glob("*.sqlite.xz")), ids=lambda p: p.stem)
def test_every_released_database_upgrades(released: Path, tmp_path: Path) -> None:  # Electrum's idea
    target = tmp_path / released.name.removesuffix(".xz")
    target.write_bytes(lzma.decompress(released.read_bytes()))
    with sqlite3.connect(target) as conn:
        before = {
            t: conn.execute(f'SELECT count(*) FROM "{t}"').fetchone()[0] for t in ("project", "decision")
        }
    conn.close()

    engine = migrate(target, tmp_path / "bk")

    assert current_schema(engine) == head_revision()
    with engine.connect() as conn:
        assert conn.exec_driver_sql("PRAGMA foreign_key_check").fetchall() == []
        assert conn.exec_driver_sql("PRAGMA integrity_check").scalar() == "ok"
        after = {t: conn.exec_driver_sql(f'SELECT count(*) FROM "{t}"').scalar() for t in before}
    engine.dispose()
    assert after == before and before["project"] > 0


def test_light_revision_reading_agrees_with_alembic() -> None:
    """Start-up reads revision ids without importing alembic; alembic must see the same graph."""
    from alembic.script import ScriptDirectory

    from app.db_open import alembic_config, known_revisions

    scripts = ScriptDirectory.from_config(alembic_config())
    assert head_revision() == scripts.get_current_head()
    assert known_revisions() == {rev.revision for rev in scripts.walk_revisions()}


@pytest.mark.parametrize("released", sorted(FIXTURE_DBS.glob("*.sqlite.xz")), ids=lambda p: p.stem)
def test_our_transactions_get_their_context_back(released: Path, tmp_path: Path) -> None:
    """Migration 0004: the dots of our transactions still in the outbox take their context from it (what
    their author had seen), so « after the closing » reads causally for them too."""
    target = tmp_path / released.name.removesuffix(".xz")
    target.write_bytes(lzma.decompress(released.read_bytes()))

    migrate(target, tmp_path / "bk").dispose()

    with sqlite3.connect(target) as conn:
        pairs = conn.execute(
            "SELECT d.context, t.context FROM sync_dot d JOIN sync_txn t USING (replica_id, seq)"
        ).fetchall()
    conn.close()
    assert pairs and all(dot == txn and txn.startswith("{") for dot, txn in pairs)
