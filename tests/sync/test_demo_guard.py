"""The fictional demo département never reaches a real département's share: a demo base may start a
share of its own (a training, the CLI's two-database scenario), but joining a share where other
workstations already work is refused before anything is written there."""

from __future__ import annotations

import shutil
import sqlite3
from pathlib import Path

import pytest

from app.domain.errors import DomainError
from app.sync.service import configured_share, save_setup, sync_once

PASSPHRASE = "phrase du département de test"


def _replicas(share: Path) -> set[str]:
    return {p.name for p in (share / "maillage-sync" / "replicas").iterdir()}


def _count(path: Path, sql: str) -> int:
    conn = sqlite3.connect(path)
    try:
        return int(conn.execute(sql).fetchone()[0])
    finally:
        conn.close()


def test_a_demo_base_never_joins_a_share_where_others_work(demo_template: Path, template_db: Path,
                                                            tmp_path: Path) -> None:
    share = tmp_path / "partage"
    share.mkdir()
    real = tmp_path / "reelle.sqlite"
    shutil.copy(template_db, real)
    sync_once(real, share, PASSPHRASE)  # the département's first workstation
    before = _replicas(share)

    demo = tmp_path / "demo.sqlite"
    shutil.copy(demo_template, demo)
    with pytest.raises(DomainError, match="département de démonstration.*Rien n'a été envoyé"):
        save_setup(demo, share, PASSPHRASE)
    assert configured_share(demo) == ""
    with pytest.raises(DomainError, match="Créez une base vide"):
        sync_once(demo, share, PASSPHRASE)
    assert _replicas(share) == before  # nothing of the demo on the share

    sync_once(real, share, PASSPHRASE)
    assert _count(real, "SELECT count(*) FROM project") == 0


def test_a_demo_base_may_start_a_share_of_its_own(demo_template: Path, template_db: Path,
                                                  tmp_path: Path) -> None:
    share = tmp_path / "formation"
    share.mkdir()
    demo, fresh = tmp_path / "demo.sqlite", tmp_path / "stagiaire.sqlite"
    shutil.copy(demo_template, demo)
    shutil.copy(template_db, fresh)
    sync_once(demo, share, PASSPHRASE)
    sync_once(demo, share, PASSPHRASE)  # one of this share's workstations: its rounds go on
    sync_once(fresh, share, PASSPHRASE)
    assert _count(fresh, "SELECT count(*) FROM project") == _count(demo, "SELECT count(*) FROM project") > 0


def test_a_demo_written_by_an_older_version_is_known_by_its_departement(
        demo_template: Path, template_db: Path, tmp_path: Path) -> None:
    """Bases written before the mark existed: the fictional département's code, refused to any real GIP
    by the identity form, tells them."""
    share = tmp_path / "partage"
    share.mkdir()
    real = tmp_path / "reelle.sqlite"
    shutil.copy(template_db, real)
    sync_once(real, share, PASSPHRASE)
    older = tmp_path / "ancienne-demo.sqlite"
    shutil.copy(demo_template, older)
    conn = sqlite3.connect(older)
    with conn:
        conn.execute("DELETE FROM local_meta WHERE key = 'demo'")
    conn.close()
    with pytest.raises(DomainError, match="département de démonstration"):
        sync_once(older, share, PASSPHRASE)
