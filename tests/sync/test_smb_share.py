"""Three workstations synchronising through a real SMB share (Samba on loopback, smbnetfs FUSE mount),
an official PDF of one of them reaching the two others intact. Skipped, with the reason, where the
machine cannot provide it."""

from __future__ import annotations

import hashlib
import io
import random
from collections.abc import Iterator
from pathlib import Path

import pytest
from pypdf import PdfReader
from reportlab.pdfgen import canvas

from app import db
from app.config import documents_dir
from app.domain.documents_dto import DocumentInfo
from app.domain.enums import DocumentKind
from app.services.document_register import register_document
from app.sync.sim_checks import check_no_loss, check_world, converged
from app.sync.sim_world import World
from tests.sync.smb_server import SmbMount, unavailable_reason

pytestmark = pytest.mark.smb


@pytest.fixture(scope="module")
def smb_share(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    reason = unavailable_reason()
    if reason:
        pytest.skip(f"partage SMB réel indisponible : {reason}")
    mount = SmbMount(tmp_path_factory.mktemp("smb"))
    try:
        try:
            mount.start()
        except (RuntimeError, OSError) as exc:
            pytest.skip(f"partage SMB réel indisponible : {exc}")
        yield mount.share_dir
    finally:
        mount.stop()


def test_three_workstations_through_a_real_smb_share(
    smb_share: Path, template_db: Path, tmp_path: Path
) -> None:
    world = World(tmp_path, template_db, rng=random.Random(3))
    world.share_dir = smb_share / "sync"
    world.share_dir.mkdir()
    for _ in range(3):
        world.add_replica()
    issued = _register_pdf(world.replicas[0].path)
    rng = random.Random(5)
    for _ in range(30):
        replica = rng.choice(world.replicas)
        if rng.random() < 0.6:
            world.edit(replica, rng.randint(1, 3))
        else:
            world.sync(replica)
    world.settle(2)
    assert converged(world)
    assert check_world(world) == [] and check_no_loss(world) == []
    assert list((smb_share / "sync" / "maillage-sync" / "replicas").glob("*/seg/*.chg"))
    for replica in world.replicas[1:]:
        copy = documents_dir(replica.path) / issued.file_name
        assert hashlib.sha256(copy.read_bytes()).hexdigest() == issued.sha256
        assert PdfReader(copy).pages[0].extract_text().startswith("Délibération de test")


def _register_pdf(path: Path) -> DocumentInfo:
    """A real one-page PDF (reportlab) in the register of the workstation at `path`."""
    out = io.BytesIO()
    page = canvas.Canvas(out, invariant=1)
    page.drawString(72, 720, "Délibération de test, passée par un partage SMB")
    page.save()
    db.init_engine(path)
    try:
        with db.unit_of_work() as session:
            return register_document(
                session, kind=DocumentKind.DELIBERATION, subject_type="decision", subject_id=None,
                title="Délibération de test", reference="Délibération n° 2026-CA-099",
                pdf_bytes=out.getvalue(), author="Agent poste1", template_version="test-1")
    finally:
        db.dispose()
