"""The pages of the main window, in sidebar order. Classes are imported lazily, on first show."""

from __future__ import annotations

import importlib
import importlib.util
import logging
from dataclasses import dataclass

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class PageSpec:
    key: str
    title: str
    target: str  # "module.path:ClassName"

    @property
    def module(self) -> str:
        return self.target.partition(":")[0]

    @property
    def class_name(self) -> str:
        return self.target.partition(":")[2]

    def exists(self) -> bool:
        """Whether the page's module is present, without importing it (find_spec loads only parents)."""
        try:
            return importlib.util.find_spec(self.module) is not None
        except ModuleNotFoundError:
            return False

    def load(self) -> type:
        return getattr(importlib.import_module(self.module), self.class_name)  # type: ignore[no-any-return]


PAGES = [
    PageSpec("dashboard", "Tableau de bord", "app.ui.pages.dashboard_page:DashboardPage"),
    PageSpec("diagnostic", "Diagnostic", "app.ui.pages.diagnostic_page:DiagnosticPage"),
    PageSpec("portfolio", "Portefeuille", "app.ui.pages.portfolio_page:PortfolioPage"),
    PageSpec("pool", "Pool", "app.ui.pages.pool_page:PoolPage"),
    PageSpec("evaluation", "Évaluation", "app.ui.pages.evaluation_page:EvaluationPage"),
    PageSpec("governance", "Instances", "app.ui.pages.governance_page:GovernancePage"),
    PageSpec("documents", "Documents", "app.ui.pages.documents_page:DocumentsPage"),
    PageSpec("sync", "Synchronisation", "app.ui.pages.sync_page:SyncPage"),
]


def available_pages() -> list[PageSpec]:
    """The declared pages whose module exists; a missing one is skipped with a warning (others land)."""
    found = []
    for spec in PAGES:
        if spec.exists():
            found.append(spec)
        else:
            log.warning("Page module %s not found: page « %s » skipped", spec.module, spec.title)
    return found
