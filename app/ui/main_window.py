"""The main window: a sidebar of module pages (loaded lazily), menus and the status bar.

Start-up paints this shell first; `start()` then opens the database in the worker (ARCHITECTURE.md,
"Start-up imports only what the first screen needs"): nothing here imports SQLAlchemy at module level.
"""

from __future__ import annotations

import logging
from functools import partial
from pathlib import Path
from typing import Any

from typing_extensions import override

from PySide6.QtCore import QByteArray, Qt, Signal, Slot
from PySide6.QtGui import QAction, QCloseEvent, QKeySequence, QResizeEvent
from PySide6.QtWidgets import (
    QDialog,
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QMainWindow,
    QMenu,
    QMessageBox,
    QPushButton,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from app import __version__
from app.ui.dialogs.shortcuts_dialog import ShortcutsDialog, shortcut_rows
from app.ui.errors import show_error, show_warning
from app.ui.instance_guard import Claim, InstanceGuard, already_open_text
from app.ui.object_navigation import ObjectNavigator
from app.ui.pages.registry import PageSpec, available_pages
from app.ui.tasks import ProgressDialog, TaskRunner, plain_job
from app.ui.ui_state import UiState
from app.ui.widgets.icons import svg_icon
from app.ui.widgets.screen_fit import fit_to_screen
from app.ui.widgets.sidebar import Sidebar
from app.ui.widgets.status_bar import MainStatusBar

log = logging.getLogger(__name__)


class MainWindow(QMainWindow):
    """Owns the runner; pages are created on first show, once the database is open."""

    database_opened = Signal(object)  # StartupState
    page_created = Signal(str)

    def __init__(self, db_path: Path, *, runner: TaskRunner | None = None,
                 sync_runner: TaskRunner | None = None, ask_profile: bool = True,
                 guard: InstanceGuard | None = None) -> None:
        super().__init__()
        self.db_path = self._opening_path = db_path
        self._opening_demo = True  # a missing base is created with the demo (the first start)
        self.guard = guard or InstanceGuard(self)  # one window per base on this workstation
        self.guard.wake_requested.connect(self._on_guard_wake_requested)
        self.runner = runner or TaskRunner(self)
        # Rounds wait on the share (a network folder may take seconds to answer, or to time out): they
        # have their own thread, and page loads and saves never queue behind them. A test's runner
        # serves both.
        self.sync_runner = sync_runner or (runner if runner is not None else TaskRunner(self))
        self.ask_profile = ask_profile
        self.specs = available_pages()
        self.pages: dict[str, QWidget] = {}
        self.profile: Any = None
        self.identity_dialog: QDialog | None = None  # « Identité du GIP… » (tests reach it here)
        self.welcome: QMessageBox | None = None  # how to fill a new empty base
        self.sync: Any = None  # SyncController, created once the database is open
        self.navigator = ObjectNavigator(self, self.runner)  # « Afficher l'objet » of the sync page
        self._db_open = False
        self._ui_state = UiState()
        self.setWindowTitle(self.tr("Maillage"))
        self.setWindowIcon(svg_icon("maillage", size=64))
        self._build_central()
        self._build_menus()
        self.status = MainStatusBar(self)
        self.setStatusBar(self.status)
        self.runner.busy_changed.connect(self.status.set_busy)
        self._restore_geometry()

    # -- construction ------------------------------------------------------------------------------
    def _build_central(self) -> None:
        self.sidebar = Sidebar(self)
        self.stack = QStackedWidget(self)
        self.containers: dict[str, QWidget] = {}
        self._layouts: dict[str, QVBoxLayout] = {}
        for spec in self.specs:
            self.sidebar.add_page(spec.key, self.tr(spec.title), svg_icon(spec.key, colour="#e8eef4"))
            container = QWidget(self.stack)
            self._layouts[spec.key] = QVBoxLayout(container)
            self._layouts[spec.key].setContentsMargins(0, 0, 0, 0)
            self.containers[spec.key] = container
            self.stack.addWidget(container)
        self.stack.addWidget(self._build_opening())
        self.stack.setCurrentWidget(self.opening)
        central = QWidget(self)
        layout = QHBoxLayout(central)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(0)
        layout.addWidget(self.sidebar)
        layout.addWidget(self.stack, 1)
        self.setCentralWidget(central)
        self.sidebar.currentRowChanged.connect(self._on_sidebar_current_row_changed)

    def _build_opening(self) -> QWidget:
        """What shows while a base opens, and after it failed to: why, and « Réessayer »."""
        self.opening = QWidget(self.stack)
        self.opening_label = QLabel(self.tr("Ouverture de la base…"), self.opening)
        self.opening_label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.opening_label.setWordWrap(True)
        self.retry_button = QPushButton(self.tr("Réessayer"), self.opening)
        self.retry_button.hide()
        self.retry_button.clicked.connect(self._on_retry_button_clicked)
        layout = QVBoxLayout(self.opening)
        layout.addStretch(1)
        layout.addWidget(self.opening_label)
        layout.addWidget(self.retry_button, 0, Qt.AlignmentFlag.AlignHCenter)
        layout.addStretch(1)
        return self.opening

    def _build_menus(self) -> None:
        file_menu = self.menuBar().addMenu(self.tr("&Fichier"))
        self._action(file_menu, self.tr("&Nouvelle base…"), self._on_new_action_triggered)  # Ctrl+N: a fiche
        self._action(file_menu, self.tr("&Ouvrir une base…"), self._on_open_action_triggered,
                     QKeySequence.StandardKey.Open)
        self._action(file_menu, self.tr("&Sauvegardes…"), self._on_backups_action_triggered)
        self._action(file_menu, self.tr("Mon &profil…"), self._on_profile_action_triggered)
        self._action(file_menu, self.tr("&Identité du GIP…"), self._on_identity_action_triggered)
        file_menu.addSeparator()
        sync = self._action(file_menu, self.tr("S&ynchroniser maintenant"), self._on_sync_action_triggered)
        sync.setShortcut(QKeySequence(Qt.Key.Key_F9))  # « Envoyer/recevoir », as in a mail client
        file_menu.addSeparator()
        self._action(file_menu, self.tr("&Quitter"), self.close, QKeySequence.StandardKey.Quit)
        view_menu = self.menuBar().addMenu(self.tr("&Affichage"))
        for number, spec in enumerate(self.specs, 1):  # Ctrl+1 … Ctrl+8, in the sidebar's order
            page = self._action(view_menu, self.tr(spec.title), partial(self.show_page, spec.key))
            page.setShortcut(QKeySequence(f"Ctrl+{number}"))
        view_menu.addSeparator()
        self._action(view_menu, self.tr("&Actualiser la page"), self._on_refresh_action_triggered,
                     QKeySequence.StandardKey.Refresh)
        help_menu = self.menuBar().addMenu(self.tr("&Aide"))
        self._action(help_menu, self.tr("&Raccourcis clavier"), self._on_shortcuts_action_triggered,
                     QKeySequence.StandardKey.HelpContents)
        self._action(help_menu, self.tr("À &propos de Maillage"), self._on_about_action_triggered)

    def _action(self, menu: Any, text: str, slot: Any,
                shortcut: QKeySequence.StandardKey | None = None) -> QAction:
        action = QAction(text, self)
        if shortcut is not None:
            action.setShortcut(QKeySequence(shortcut))
        action.triggered.connect(slot)
        menu.addAction(action)
        return action

    def _restore_geometry(self) -> None:
        geometry = self._ui_state.value("main/geometry")
        if isinstance(geometry, QByteArray) and not geometry.isEmpty() and self.restoreGeometry(geometry):
            return
        fit_to_screen(self, 1400, 900)

    # -- database ----------------------------------------------------------------------------------
    @Slot()
    def start(self) -> None:
        """Open the database in the worker (creating the demo if needed), then show the first page."""
        self.open_database(self.db_path)

    def open_database(self, path: Path, *, demo: bool = True) -> None:
        """Open `path` in the worker; a missing file is created, with the demo when `demo`, else empty."""
        from app.services.startup import open_for_gui

        claim = self.guard.claim(path)
        if claim is not Claim.CLAIMED:  # another window has it: it comes forward, this one keeps its own
            show_warning(self, already_open_text(path, claim, self.guard.holder_pid))
            return
        self._db_open, self._opening_path, self._opening_demo = False, path, demo
        self.opening_label.setText(self.tr("Ouverture de la base…"))
        self.retry_button.hide()
        self.stack.setCurrentWidget(self.opening)
        title = self.tr("Ouverture de la base « %1 »").replace("%1", path.name)
        task = self.runner.submit(plain_job(open_for_gui, path, demo=demo), owner=self,
                                  on_success=self._on_database_opened, on_error=self._on_database_failed)
        ProgressDialog(task, title, self)

    def _on_database_opened(self, state: Any) -> None:
        self.db_path, self._db_open, self.profile = state.db_path, True, state.profile
        self._ui_state.set_value("folders/last_database", str(state.db_path.parent))
        self.status.set_database(state.db_path)
        self.status.set_profile(state.profile)
        self.setWindowTitle(self.tr("Maillage — %1").replace("%1", state.db_path.name))
        self._drop_pages()
        self._start_sync(state.db_path, state.sync_share)
        self.database_opened.emit(state)
        for warning in state.warnings:
            show_warning(self, warning)
        if state.profile is None and self.ask_profile:
            self.edit_profile()
        if state.created_empty:
            self.show_page("sync")
            self._tell_how_to_fill(state.db_path)
        else:
            self.show_page(self._current_key() or str(self._ui_state.value("main/last_page")))

    def _tell_how_to_fill(self, path: Path) -> None:
        self.welcome = QMessageBox(QMessageBox.Icon.Information, self.tr("Base vide créée"), self.tr(
            "La base « %1 » est créée, vide.\n\nPour travailler avec les données de votre département, "
            "rejoignez son dossier de synchronisation sur cette page : elles arrivent au premier tour.\n\n"
            "Pour le premier poste d'un GIP : Fichier › Identité du GIP…, puis vos instances (Instances, "
            "onglet Organes) et vos cadres stratégiques (Portefeuille).").replace("%1", path.name),
            QMessageBox.StandardButton.Ok, self)
        self.welcome.open()

    def _start_sync(self, path: Path, share: str) -> None:
        """Automatic rounds belong to the window, not to the Synchronisation page (issue 3); `share` is the
        folder the base syncs with, as read when it was opened ('' for none)."""
        from app.ui.sync_controller import SyncController
        from app.ui.widgets.sync_indicator import SyncIndicator

        if self.sync is not None:
            self.sync.stop()
        self.sync = SyncController(self.sync_runner, path, self)
        indicator = SyncIndicator(self.sync, configured=bool(share))
        indicator.open_requested.connect(self._on_sync_indicator_open_requested)
        self.sync.round_finished.connect(self._on_sync_round_finished)
        self.status.set_sync_indicator(indicator)
        self.sync.start()

    @Slot()
    def _on_sync_indicator_open_requested(self) -> None:
        self.show_page("sync")

    @Slot()
    def _on_sync_action_triggered(self) -> None:
        """F9: a round now; the Synchronisation page instead when this workstation has not joined a share
        (as the last round found), and a word in the status bar when a round is already running."""
        if self.sync is None:
            return
        last = self.sync.last_outcome
        if last is not None and not last.configured:
            self.show_page("sync")
        elif not self.sync.sync_now():
            self.status.showMessage(self.tr("Une synchronisation est déjà en cours."), 5000)

    @Slot(object)
    def _on_sync_round_finished(self, outcome: Any) -> None:
        """Changes received from other workstations appear on the page in front of the user, and so do
        the documents' files, which may come alone, after their entries; a round that brought nothing
        leaves the page as it is."""
        last = outcome.status.last_round
        if last is not None and (last.received or last.documents_received):
            self.refresh_current_page()

    def refresh_current_page(self) -> None:
        """The page in front reads the database again (changes received, a conflict arbitrated from a
        badge); the Synchronisation page refreshes itself."""
        key = self._current_key() or ""
        if key != "sync" and key in self.pages:
            self.pages[key].refresh()  # type: ignore[attr-defined]

    def _on_database_failed(self, exc: Exception) -> None:
        self.status.set_database(None)
        self.opening_label.setText(self.tr(
            "La base n'a pas pu être ouverte.\n"
            "Une fois la cause réglée (de la place libérée sur le disque…), cliquez sur « Réessayer »,\n"
            "ou choisissez une autre base par le menu Fichier › Ouvrir une base…"))
        self.retry_button.show()
        show_error(self, exc)

    @Slot()
    def _on_retry_button_clicked(self) -> None:
        self.open_database(self._opening_path, demo=self._opening_demo)

    def _drop_pages(self) -> None:
        for key, page in list(self.pages.items()):
            self._layouts[key].removeWidget(page)
            page.deleteLater()
        self.pages.clear()

    # -- pages -------------------------------------------------------------------------------------
    def show_page(self, key: str) -> None:
        """Select the page in the sidebar (creating and loading it on first show)."""
        keys = [spec.key for spec in self.specs]
        row = keys.index(key) if key in keys else 0
        if self.sidebar.currentRow() == row:
            self._on_sidebar_current_row_changed(row)
        else:
            self.sidebar.setCurrentRow(row)

    def page(self, key: str) -> QWidget | None:
        return self.pages.get(key)

    def is_database_open(self) -> bool:
        return self._db_open

    @Slot(int)
    def _on_sidebar_current_row_changed(self, row: int) -> None:
        if not 0 <= row < len(self.specs) or not self._db_open:
            return
        spec = self.specs[row]
        self._ui_state.set_value("main/last_page", spec.key)
        if spec.key not in self.pages:
            self._create_page(spec)
        self.stack.setCurrentWidget(self.containers[spec.key])

    def _create_page(self, spec: PageSpec) -> None:
        try:
            page = spec.load()(self.runner, self.containers[spec.key])
        except Exception as exc:  # one broken page must not take the window down
            log.exception("Page %s failed to open", spec.key)
            show_error(self, exc)
            return
        self._layouts[spec.key].addWidget(page)
        self.pages[spec.key] = page
        if self.sync is not None and hasattr(page, "attach_controller"):
            page.attach_controller(self.sync)
        if hasattr(page, "object_requested"):
            page.object_requested.connect(self.navigator.reveal)
        self.page_created.emit(spec.key)
        page.refresh()

    def _current_key(self) -> str | None:
        row = self.sidebar.currentRow()
        return self.specs[row].key if 0 <= row < len(self.specs) else None

    # -- menus -------------------------------------------------------------------------------------
    @Slot()
    def _on_open_action_triggered(self) -> None:
        path, _ = QFileDialog.getOpenFileName(self, self.tr("Ouvrir une base Maillage"), self._base_folder(),
                                              self.tr("Bases Maillage (*.sqlite)"))
        if path:
            self.open_database(Path(path))

    @Slot()
    def _on_new_action_triggered(self) -> None:
        """An empty base: a workstation joining its département's share, or a GIP's first one."""
        chosen, _ = QFileDialog.getSaveFileName(self, self.tr("Nouvelle base Maillage"), self._base_folder(),
                                                self.tr("Bases Maillage (*.sqlite)"))
        if not chosen:
            return
        path = Path(chosen) if chosen.endswith(".sqlite") else Path(f"{chosen}.sqlite")
        if path.exists():
            show_warning(self, self.tr("« %1 » existe déjà : ouvrez-la par Fichier › Ouvrir une base…, ou "
                                       "choisissez un autre nom.").replace("%1", str(path)))
            return
        self.open_database(path, demo=False)

    def _base_folder(self) -> str:
        return str(self._ui_state.value("folders/last_database")) or str(self.db_path.parent)

    @Slot()
    def _on_backups_action_triggered(self) -> None:
        from app.ui.dialogs.backups_dialog import BackupsDialog

        dialog = BackupsDialog(self.db_path, self)
        if dialog.exec() and dialog.chosen is not None:
            self._restore(dialog.chosen)

    def _restore(self, backup: Path) -> None:
        from app.services.startup import restore_and_reopen

        self._db_open = False
        if self.sync is not None:
            self.sync.stop()
        self._drop_pages()
        task = self.runner.submit(plain_job(restore_and_reopen, self.db_path, backup), owner=self,
                                  on_success=self._on_database_opened, on_error=self._on_database_failed)
        ProgressDialog(task, self.tr("Restauration de la sauvegarde"), self)

    @Slot()
    def _on_profile_action_triggered(self) -> None:
        if self._db_open:
            self.edit_profile()

    def edit_profile(self) -> None:
        """Ask who the user is and store it through the profile service."""
        from app.db import job
        from app.services.profile import save_profile
        from app.ui.dialogs.profile_dialog import ProfileDialog

        dialog = ProfileDialog(self, self.profile)
        if not dialog.exec():
            return
        answer = dialog.profile()
        self.runner.submit(job(save_profile, answer.full_name, answer.function, answer.organisation),
                           owner=self, on_success=self._on_profile_saved)

    def _on_profile_saved(self, profile: Any) -> None:
        self.profile = profile
        self.status.set_profile(profile)

    @Slot()
    def _on_identity_action_triggered(self) -> None:
        """The GIP's name, seat, logo and references, printed on every official document."""
        from app.ui.dialogs.settings_dialog import SettingsDialog

        if not self._db_open:
            return
        self.identity_dialog = SettingsDialog(self.runner, self)
        self.identity_dialog.identity_saved.connect(self._on_identity_saved)
        self.identity_dialog.open()

    def _on_identity_saved(self, _identity: Any) -> None:
        self.status.showMessage(self.tr("Identité du GIP enregistrée : elle figure sur les documents "
                                        "générés désormais."), 8000)

    @Slot()
    def _on_refresh_action_triggered(self) -> None:
        """Reload the current page from the database (F5): another page may have changed it."""
        page = self.pages.get(self._current_key() or "")
        if page is not None:
            page.refresh()  # type: ignore[attr-defined]

    @Slot()
    def _on_about_action_triggered(self) -> None:
        QMessageBox.about(self, self.tr("À propos de Maillage"), self.tr(
            "<h3>Maillage %1</h3><p>Diagnostic territorial, portefeuille de projets, pool d'ingénierie, "
            "évaluation et instances d'un GIP départemental d'insertion.</p>"
            "<p>Base ouverte : %2</p>").replace("%1", __version__).replace("%2", str(self.db_path)))

    @Slot()
    def _on_shortcuts_action_triggered(self) -> None:
        """F1: the keys of the menus, then those of the page in front (its actions, tabs included)."""
        menus = [menu for action in self.menuBar().actions() if isinstance(menu := action.menu(), QMenu)]
        general = shortcut_rows(action for menu in menus for action in menu.actions())
        key = self._current_key()
        page = self.pages.get(key) if key else None
        title = next((spec.title for spec in self.specs if spec.key == key), "") if page else ""
        page_rows = shortcut_rows(page.findChildren(QAction)) if page is not None else []
        ShortcutsDialog(general, title, page_rows, self).exec()

    @override
    def resizeEvent(self, event: QResizeEvent) -> None:
        self.sidebar.fit_window_width(event.size().width())
        super().resizeEvent(event)

    @override
    def closeEvent(self, event: QCloseEvent) -> None:
        self._ui_state.set_value("main/geometry", self.saveGeometry())
        self._ui_state.sync()
        super().closeEvent(event)

    @Slot()
    def _on_guard_wake_requested(self) -> None:
        """Maillage launched again on this base: this window comes forward instead."""
        if self.isMinimized():
            self.showNormal()
        self.raise_()
        self.activateWindow()
