"""The main window on the demo: shell first, database opened through the runner, pages loaded on show."""

from __future__ import annotations

from pathlib import Path

import pytest
from pypdf import PdfReader
from pytestqt.qtbot import QtBot
from sqlalchemy import select

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QDialogButtonBox, QFileDialog, QToolBar, QToolButton, QWidgetAction

from app import db
from app.models.meeting import Decision
from app.services.document_register import document_path
from app.services.meeting_documents import issue_deliberation
from app.ui import main_window
from app.ui.dialogs.profile_dialog import ProfileDialog
from app.ui.dialogs.settings_dialog import SettingsDialog
from app.ui.dialogs.shortcuts_dialog import ShortcutsDialog
from app.ui.main_window import MainWindow
from app.ui.pages.registry import PAGES, available_pages
from app.ui.tasks import TaskRunner


def _window(qtbot: QtBot, runner: TaskRunner, path: Path) -> MainWindow:
    window = MainWindow(path, runner=runner, ask_profile=False)
    qtbot.addWidget(window)
    window.show()
    window.start()
    return window


def test_sidebar_lists_the_modules_in_order() -> None:
    assert [spec.key for spec in PAGES] == [
        "dashboard",
        "diagnostic",
        "portfolio",
        "pool",
        "evaluation",
        "governance",
        "documents",
        "sync",
    ]
    assert [spec.title for spec in PAGES][:4] == ["Tableau de bord", "Diagnostic", "Portefeuille", "Pool"]


def test_opens_the_demo_and_switches_pages(qtbot: QtBot, runner: TaskRunner, demo_db: Path) -> None:
    window = _window(qtbot, runner, demo_db)

    assert window.is_database_open()
    assert window.status.db_label.text() == f"Base : {demo_db.name}"
    assert window.status.profile_label.text() == "Profil non renseigné"
    assert window.page("dashboard") is not None  # the first page, loaded on first show
    assert window.page("portfolio") is None  # the others wait until asked for
    window.show_page("portfolio")
    portfolio = window.page("portfolio")
    assert portfolio is not None and portfolio.model.rowCount() > 0
    assert window.stack.currentWidget() is window.containers["portfolio"]
    assert window.sidebar.currentItem().text() == "Portefeuille"


def test_every_available_page_opens(qtbot: QtBot, runner: TaskRunner, demo_db: Path) -> None:
    window = _window(qtbot, runner, demo_db)

    for spec in available_pages():
        window.show_page(spec.key)
        assert window.page(spec.key) is not None, spec.key


@pytest.mark.parametrize("width", [1366, 1350, 1280])
def test_every_toolbar_button_shows_on_a_laptop_screen(
        qtbot: QtBot, runner: TaskRunner, demo_db: Path, width: int) -> None:
    """Nothing hidden behind the toolbar's « » at the screen sizes of the GIP's laptops and of a
    meeting room's projector (the Instances page's « Générer… » was, with « Modifier la séance… »
    spelt out, then at 1280 pixels until the sidebar kept its icons alone)."""
    window = _window(qtbot, runner, demo_db)
    window.resize(width, 740)

    for spec in available_pages():
        window.show_page(spec.key)
        qtbot.wait(20)  # the toolbars lay out on show
        for toolbar in window.containers[spec.key].findChildren(QToolBar):
            if not toolbar.isVisible():
                continue
            hidden = [_name(action) for action in toolbar.actions() if action.isVisible() and _named(action)
                      and (widget := toolbar.widgetForAction(action)) is not None and not widget.isVisible()]
            assert hidden == [], (spec.key, hidden)


def test_the_sidebar_keeps_its_icons_alone_on_a_narrow_window(
        qtbot: QtBot, runner: TaskRunner, demo_db: Path) -> None:
    window = _window(qtbot, runner, demo_db)
    window.resize(1400, 800)
    wide = window.sidebar.width()

    window.resize(1280, 800)

    assert window.sidebar.width() < wide / 3
    portfolio = window.sidebar.item(2)
    assert portfolio.text() == "" and portfolio.toolTip() == "Portefeuille"
    assert portfolio.data(Qt.ItemDataRole.AccessibleTextRole) == "Portefeuille"
    window.sidebar.setFocus()
    window.sidebar.setCurrentRow(0)
    qtbot.keyClick(window.sidebar, Qt.Key.Key_Down)
    qtbot.keyClick(window.sidebar, Qt.Key.Key_Down)
    assert window.stack.currentWidget() is window.containers["portfolio"]  # the keyboard walks it as before
    window.resize(1400, 800)
    assert window.sidebar.width() == wide and portfolio.text() == "Portefeuille"
    assert portfolio.toolTip() == ""


def test_ctrl_and_a_number_open_the_pages_in_the_sidebar_order(
        qtbot: QtBot, runner: TaskRunner, demo_db: Path) -> None:
    """The keyboard's way to the pages, listed in Affichage with their names (read there when the
    sidebar shows its icons alone)."""
    window = _window(qtbot, runner, demo_db)
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)
    view = next(a.menu() for a in window.menuBar().actions() if a.text() == "&Affichage")
    listed = [(a.text(), a.shortcut().toString()) for a in view.actions() if a.shortcut().toString()]
    assert listed[:3] == [("Tableau de bord", "Ctrl+1"), ("Diagnostic", "Ctrl+2"), ("Portefeuille", "Ctrl+3")]

    qtbot.keyClick(window, Qt.Key.Key_6, Qt.KeyboardModifier.ControlModifier)
    assert window.stack.currentWidget() is window.containers["governance"]
    qtbot.keyClick(window, Qt.Key.Key_3, Qt.KeyboardModifier.ControlModifier)
    assert window.stack.currentWidget() is window.containers["portfolio"]
    assert window.sidebar.currentRow() == 2


def test_f1_lists_the_keys_of_the_menus_and_of_the_page_in_front(
        qtbot: QtBot, runner: TaskRunner, demo_db: Path, tmp_path: Path,
        monkeypatch: pytest.MonkeyPatch) -> None:
    shown: list[ShortcutsDialog] = []
    monkeypatch.setattr(ShortcutsDialog, "exec", lambda dialog: shown.append(dialog) or 0)
    window = _window(qtbot, runner, demo_db)
    window.show_page("portfolio")
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)

    qtbot.keyClick(window, Qt.Key.Key_F1)

    assert len(shown) == 1
    text = shown[0].browser.toPlainText()
    lines = text.splitlines()[2:]  # under the title and its subtitle
    for what, keys in (("Synchroniser maintenant", "F9"), ("Portefeuille", "Ctrl+3"),
                       ("Raccourcis clavier", "F1"), ("Nouvelle fiche", "Ctrl+N"),
                       ("Rechercher dans la liste", "Ctrl+F")):
        assert lines[lines.index(what) + 1] == keys, what
    assert "Page « Portefeuille »" in lines and lines[lines.index("Rétablir") + 1].endswith(" ou Ctrl+Y")
    assert "&" not in text
    shown[0].resize(560, 620)
    shown[0].grab().save(str(tmp_path / "raccourcis.png"))


def test_a_missing_database_file_is_created_with_the_demo(
    qtbot: QtBot, runner: TaskRunner, tmp_path: Path
) -> None:
    path = tmp_path / "neuve.sqlite"

    window = _window(qtbot, runner, path)

    assert path.exists() and window.is_database_open()
    dashboard = window.page("dashboard")
    assert dashboard is not None and dashboard.figures.projects_total > 0


def test_profile_dialog_refuses_an_incomplete_profile(qtbot: QtBot) -> None:
    dialog = ProfileDialog()
    qtbot.addWidget(dialog)
    dialog.full_name.setText("C")

    dialog.buttons.button(QDialogButtonBox.StandardButton.Ok).click()

    assert dialog.result() != ProfileDialog.DialogCode.Accepted
    errors = dialog.error_label.text()
    assert "prénom et votre nom" in errors and "« Fonction » est obligatoire" in errors


def test_profile_dialog_accepts_a_complete_profile(qtbot: QtBot) -> None:
    dialog = ProfileDialog()
    qtbot.addWidget(dialog)
    dialog.full_name.setText("  Claire Martin ")
    dialog.function.setText("Coordinatrice insertion")
    dialog.organisation.setText("GIP Insertion et Territoires")

    dialog.buttons.button(QDialogButtonBox.StandardButton.Ok).click()

    assert dialog.result() == ProfileDialog.DialogCode.Accepted
    assert dialog.profile().full_name == "Claire Martin"


def test_first_start_asks_for_the_profile_and_stores_it(
    qtbot: QtBot, runner: TaskRunner, demo_db: Path, monkeypatch
) -> None:  # type: ignore[no-untyped-def]
    def fill(dialog: ProfileDialog) -> int:
        dialog.full_name.setText("Claire Martin")
        dialog.function.setText("Coordinatrice")
        dialog.organisation.setText("GIP")
        dialog.accept()
        return 1

    monkeypatch.setattr(ProfileDialog, "exec", fill)
    window = MainWindow(demo_db, runner=runner)
    qtbot.addWidget(window)

    window.start()

    assert window.status.profile_label.text() == "Claire Martin · Coordinatrice"
    from app.db import unit_of_work
    from app.services.profile import get_profile

    with unit_of_work() as session:
        assert get_profile(session).organisation == "GIP"


def _named(action: QAction) -> bool:
    """A button (its action's text, or a widget's: « Générer… »); a toolbar's notice label is not one."""
    return bool(_name(action))


def _name(action: QAction) -> str:
    widget = action.defaultWidget() if isinstance(action, QWidgetAction) else None
    return action.text() or (widget.text() if isinstance(widget, QToolButton) else "")


def test_a_damaged_base_is_told_then_restored_from_the_file_menu(  # type: ignore[no-untyped-def]
    qtbot: QtBot, runner: TaskRunner, demo_db: Path, monkeypatch
) -> None:
    from PySide6.QtWidgets import QMessageBox

    from app import db
    from app.backups import rotate_daily_backup
    from app.ui.dialogs.backups_dialog import BackupsDialog

    assert rotate_daily_backup(demo_db) is not None
    db.dispose()
    data = bytearray(demo_db.read_bytes())
    data[:100] = b"\xde\xad" * 50  # SQLite's header: the file no longer reads as a database
    demo_db.write_bytes(bytes(data))
    told: list[str] = []
    monkeypatch.setattr(QMessageBox, "warning", lambda _parent, _title, text, *a, **k: told.append(text))

    def restore_newest(dialog: BackupsDialog) -> int:  # the coordinator picks the newest copy, confirms
        dialog.confirm_restore = lambda _backup: True  # type: ignore[method-assign]
        dialog.table.selectRow(0)
        dialog.restore_button.click()
        return dialog.result()

    monkeypatch.setattr(BackupsDialog, "exec", restore_newest)
    window = _window(qtbot, runner, demo_db)

    assert not window.is_database_open()
    assert told and told[0].endswith("S'il s'agit de votre base, elle est endommagée : restaurez sa dernière "
                                     "sauvegarde (Fichier › Sauvegardes…)."), told
    backups = next(a for a in window.menuBar().actions()[0].menu().actions() if a.text() == "&Sauvegardes…")
    backups.trigger()

    assert window.is_database_open() and len(told) == 1
    window.show_page("portfolio")
    assert window.page("portfolio").model.rowCount() == 30  # type: ignore[union-attr]


def test_a_base_that_failed_to_open_is_opened_again_with_reessayer(  # type: ignore[no-untyped-def]
    qtbot: QtBot, runner: TaskRunner, demo_db: Path, monkeypatch
) -> None:
    from PySide6.QtWidgets import QMessageBox

    from app import db

    db.dispose()
    whole = demo_db.read_bytes()
    demo_db.write_bytes(b"\xde\xad" * 50 + whole[100:])  # unreadable, e.g. a file being copied back
    told: list[str] = []
    monkeypatch.setattr(QMessageBox, "warning", lambda _parent, _title, text, *a, **k: told.append(text))
    window = _window(qtbot, runner, demo_db)
    assert not window.is_database_open() and told
    assert window.retry_button.isVisible()
    assert "cliquez sur « Réessayer »" in window.opening_label.text()
    demo_db.write_bytes(whole)  # the cause is dealt with

    window.retry_button.click()

    assert window.is_database_open() and not window.retry_button.isVisible()
    assert window.status.db_label.text() == f"Base : {demo_db.name}"


def _menu_action(window: MainWindow, text: str) -> QAction:
    return next(action for menu in window.menuBar().actions() for action in menu.menu().actions()
                if action.text().replace("&", "") == text)


def test_the_gip_identity_is_set_from_the_file_menu_and_printed(
    qtbot: QtBot, runner: TaskRunner, demo_db: Path
) -> None:
    """Name, seat and references of the GIP, printed on every official document: « Fichier › Identité du
    GIP… » sets them."""
    window = _window(qtbot, runner, demo_db)
    _menu_action(window, "Identité du GIP…").trigger()
    dialog = window.identity_dialog
    assert isinstance(dialog, SettingsDialog)
    qtbot.waitUntil(dialog.save_button.isEnabled)
    dialog.edits["gip.name"].setText("GIP Insertion Corrèze")
    dialog.save_button.click()
    qtbot.waitUntil(lambda: not dialog.isVisible())
    assert "Identité du GIP enregistrée" in window.status.currentMessage()

    with db.unit_of_work() as session:
        decision = session.scalars(select(Decision.id).order_by(Decision.number)).first()
        info = issue_deliberation(session, decision)
        text = "".join(page.extract_text() for page in PdfReader(document_path(session, info.id)).pages)
    assert "GIP Insertion Corrèze" in text


def test_a_new_base_is_empty_and_says_how_to_fill_it(
    qtbot: QtBot, runner: TaskRunner, demo_db: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """« Fichier › Nouvelle base… »: an empty base (a workstation joining its département's share, or a
    GIP's first one), not the demo; the window opens on Synchronisation and says what to do next."""
    window = _window(qtbot, runner, demo_db)
    qtbot.waitUntil(window.is_database_open)
    chosen = tmp_path / "poste-correze"
    monkeypatch.setattr(QFileDialog, "getSaveFileName", staticmethod(lambda *_a, **_k: (str(chosen), "")))
    _menu_action(window, "Nouvelle base…").trigger()
    qtbot.waitUntil(lambda: window.is_database_open() and window.db_path.name == "poste-correze.sqlite")

    assert window.welcome is not None and "est créée, vide" in window.welcome.text()
    assert window.stack.currentWidget() is window.containers["sync"]
    window.show_page("portfolio")
    portfolio = window.page("portfolio")
    assert portfolio is not None
    qtbot.waitUntil(lambda: portfolio.table_stack.currentIndex() == 1)  # its empty-state hint
    assert portfolio.model.rowCount() == 0 and portfolio.empty_label.text()

    warned: list[str] = []
    monkeypatch.setattr(main_window, "show_warning", lambda _parent, text: warned.append(text))
    _menu_action(window, "Nouvelle base…").trigger()  # the same name again: refused, the base stays
    assert warned and "existe déjà" in warned[0] and window.db_path.name == "poste-correze.sqlite"


def test_no_page_shortcut_is_also_a_menu_shortcut(qtbot: QtBot, runner: TaskRunner, demo_db: Path) -> None:
    """Qt runs neither of two shortcuts on the same keys (« Ambiguous shortcut overload »): Ctrl+N stays
    the page's « Nouvelle fiche », not a menu's."""
    window = _window(qtbot, runner, demo_db)
    menus = {action.shortcut().toString(): action.text() for menu in window.menuBar().actions()
             for action in menu.menu().actions() if not action.shortcut().isEmpty()}
    for spec in available_pages():
        window.show_page(spec.key)
        page = window.page(spec.key)
        assert page is not None
        clashes = {action.shortcut().toString(): (action.text(), menus[action.shortcut().toString()])
                   for action in page.findChildren(QAction)
                   if not action.shortcut().isEmpty() and action.shortcut().toString() in menus}
        assert not clashes, spec.key
