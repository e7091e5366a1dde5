"""Documents from the app (issue 4): generated in the worker, registered, previewed with the right page
count, marked sent (then immutable) and corrected by a new version."""

from __future__ import annotations

from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot

from app.domain.enums import DocumentStatus, MeetingStatus
from app.ui.dialogs import confirm
from app.ui.pages.documents_page import DocumentsPage
from app.ui.pages.governance_page import GovernancePage
from app.ui.pdf_output import start_copy
from app.ui.tasks import TaskRunner
from tests.ui.test_meeting_editing import select_meeting


@pytest.fixture(autouse=True)
def _yes(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(confirm, "ask", lambda *_args: True)


def generate(qtbot: QtBot, runner: TaskRunner, kind: str) -> GovernancePage:
    page = GovernancePage(runner)
    qtbot.addWidget(page)
    page.refresh()
    select_meeting(page, status=MeetingStatus.CONVENED)
    action = next(a for a in page.actions_bar.generate_menu.actions() if a.data() == kind)
    assert action.isEnabled()
    action.trigger()
    return page


def documents_page(qtbot: QtBot, runner: TaskRunner) -> DocumentsPage:
    page = DocumentsPage(runner)
    qtbot.addWidget(page)
    page.refresh()
    return page


def select_latest(page: DocumentsPage, reference_part: str) -> None:
    rows = [page.model.row_at(page.proxy.mapToSource(page.proxy.index(r, 0)).row())
            for r in range(page.proxy.rowCount())]
    best = max((row for row in rows if reference_part in row.title), key=lambda row: row.version)
    page.table.selectRow(next(r for r, row in enumerate(rows) if row.id == best.id))


def test_generated_document_is_registered_and_previewed(qtbot: QtBot, runner: TaskRunner,
                                                        demo_db: Path) -> None:
    before = documents_page(qtbot, runner).model.rowCount()

    page = generate(qtbot, runner, "ordre-du-jour")

    issued = page.actions_bar.issuer.last
    assert issued is not None and issued.path.is_file()
    preview = page.actions_bar.issuer.preview
    assert preview is not None and preview.isVisible()
    assert preview.page_count() == issued.info.pages >= 1
    register = documents_page(qtbot, runner)
    assert register.model.rowCount() == before + 1
    select_latest(register, "Ordre du jour")
    detail = register.detail.toPlainText()
    assert f"{issued.info.reference} · version 1" in detail  # the nature named once, by the reference
    assert "Ordre du jour · Ordre du jour" not in detail


def test_mark_sent_then_new_version(qtbot: QtBot, runner: TaskRunner, demo_db: Path,
                                    tmp_path: Path) -> None:
    generate(qtbot, runner, "convocation")
    page = documents_page(qtbot, runner)
    count = page.model.rowCount()
    select_latest(page, "Convocation")
    bar = page.actions_bar
    assert bar.sent_action.isEnabled() and bar.preview_action.isEnabled()

    bar.sent_action.trigger()

    entry = page.selected_row()
    assert entry is not None and entry.status is DocumentStatus.SENT
    assert not bar.sent_action.isEnabled() and "ne peut plus être modifié" in bar.notice.text()
    version = entry.version

    bar.version_action.trigger()

    assert page.model.rowCount() == count + 1
    select_latest(page, "Convocation")
    latest = page.selected_row()
    assert latest is not None and latest.version == version + 1 and latest.status is DocumentStatus.DRAFT
    assert bar.issuer.preview is not None and bar.issuer.preview.page_count() == latest.pages
    task = start_copy(bar.issuer.preview.path, tmp_path / "copie.pdf", bar.issuer.preview)
    with qtbot.waitSignal(task.finished, timeout=30_000):
        pass
    assert (tmp_path / "copie.pdf").read_bytes() == bar.issuer.preview.path.read_bytes()


def test_a_modified_file_is_flagged(qtbot: QtBot, runner: TaskRunner, demo_db: Path) -> None:
    generate(qtbot, runner, "ordre-du-jour")
    page = documents_page(qtbot, runner)
    select_latest(page, "Ordre du jour")
    entry = page.selected_row()
    assert entry is not None and page.folder is not None
    with (page.folder / entry.file_name).open("ab") as stream:
        stream.write(b"%% altered")

    page.refresh()

    assert page.model.index(page.model.row_of(entry.id), 3).data() == "Fichier modifié"
    assert "ne correspond plus à son empreinte" in page.actions_bar.notice.text()
