"""Opening a database: refusals leave the file untouched; a failed migration restores the backup."""

from __future__ import annotations

import hashlib
import shutil
import sqlite3
from pathlib import Path

import pytest

from app import db_open
from app.db_open import check_openable, head_revision, migrate
from app.domain.errors import DatabaseRefused


def _digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def test_new_file_is_created_at_head(tmp_path: Path) -> None:
    engine = migrate(tmp_path / "new.sqlite", tmp_path / "bk")
    assert db_open.current_schema(engine) == head_revision()
    engine.dispose()


def test_text_file_is_refused_and_untouched(tmp_path: Path) -> None:
    path = tmp_path / "notes.sqlite"
    path.write_text("Ceci n'est pas une base.\n")
    before = _digest(path)
    with pytest.raises(DatabaseRefused, match="n'est pas une base de données Maillage"):
        migrate(path, tmp_path / "bk")
    assert _digest(path) == before


def test_foreign_sqlite_is_refused_and_untouched(tmp_path: Path) -> None:
    path = tmp_path / "autre.sqlite"
    with sqlite3.connect(path) as conn:
        conn.execute("CREATE TABLE clients (nom TEXT)")
    before = _digest(path)
    with pytest.raises(DatabaseRefused, match="n'appartient pas à Maillage"):
        migrate(path, tmp_path / "bk")
    assert _digest(path) == before


def test_newer_schema_is_refused_and_untouched(db_file: Path, tmp_path: Path) -> None:
    with sqlite3.connect(db_file) as conn:
        conn.execute("UPDATE alembic_version SET version_num = '9999_future'")
    conn.close()
    before = _digest(db_file)
    with pytest.raises(DatabaseRefused, match="version plus récente"):
        migrate(db_file, tmp_path / "bk")
    assert _digest(db_file) == before


def test_network_mount_is_refused(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(db_open, "_mount_fs_type", lambda path: "cifs")
    with pytest.raises(DatabaseRefused, match="lecteur réseau"):
        check_openable(tmp_path / "maillage.sqlite")
    assert not (tmp_path / "maillage.sqlite").exists()


def test_unc_path_is_network() -> None:
    assert db_open.is_network_path(Path("//serveur/partage/maillage.sqlite"))


def test_local_disk_is_not_network(tmp_path: Path) -> None:
    assert not db_open.is_network_path(tmp_path)


BROKEN_REVISION = """
from alembic import op
import sqlalchemy as sa

revision = "0999_broken"
down_revision = "{head}"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.add_column("project", sa.Column("oops", sa.String(), nullable=True))
    op.execute("UPDATE project SET title = 'abîmé'")
    raise RuntimeError("panne simulée")


def downgrade() -> None:
    pass
"""


def test_failed_migration_restores_backup(
    db_file: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    with sqlite3.connect(db_file) as conn:
        conn.execute(
            "INSERT INTO project (id, title) VALUES ('00000000000000000000000000000001', 'Mobilité')"
        )
    conn.close()
    schema = head_revision()  # the database's revision, which the backup's name records
    scripts = tmp_path / "migrations"
    shutil.copytree(db_open.MIGRATIONS, scripts)
    (scripts / "versions" / "0999_broken.py").write_text(BROKEN_REVISION.format(head=head_revision()))
    monkeypatch.setattr(db_open, "MIGRATIONS", scripts)

    with pytest.raises(DatabaseRefused, match="La copie de sauvegarde a été restaurée"):
        migrate(db_file, tmp_path / "bk")

    with sqlite3.connect(db_file) as conn:
        assert conn.execute("SELECT title FROM project").fetchall() == [("Mobilité",)]
        columns = [row[1] for row in conn.execute("PRAGMA table_info(project)")]
    conn.close()
    assert "oops" not in columns
    assert list((tmp_path / "bk").glob(f"app_v{schema}_*.sqlite"))
