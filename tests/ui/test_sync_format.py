"""The last round as the Synchronisation page words it: counts for a round that ran, the reason alone
for one that failed (nothing was sent nor received)."""

from __future__ import annotations

from app.domain.sync import RoundInfo, SyncStatus
from app.ui.widgets.sync_format import round_text


def _status(round_info: RoundInfo) -> SyncStatus:
    return SyncStatus("a" * 32, "/partage", 2, round_info)


def test_a_failed_round_gives_its_reason_without_counts() -> None:
    failed = RoundInfo("2026-11-28T09:04:00+00:00", 0, 0, 0, False, "Le dossier « X » est inaccessible.")
    text = round_text(_status(failed))
    assert text.endswith("— échouée : Le dossier « X » est inaccessible. En attente d'envoi : 2.")
    assert "envoyées" not in text


def test_a_round_that_ran_gives_its_counts() -> None:
    done = RoundInfo("2026-11-28T09:04:00+00:00", 80, 1, 3, True, "")
    text = round_text(_status(done))
    assert text.endswith("— réussie ; envoyées 1, reçues 3, 80 ms. En attente d'envoi : 2.")


def test_a_round_that_moved_documents_counts_them_after_its_transactions() -> None:
    done = RoundInfo("2026-11-28T09:04:00+00:00", 80, 1, 3, True, "", documents_sent=2, documents_received=1)
    text = round_text(_status(done))
    assert text.endswith("— réussie ; envoyées 1, reçues 3, 80 ms ; documents : 2 envoyés, 1 reçu. "
                         "En attente d'envoi : 2.")


def test_a_round_that_ran_tells_what_it_warned_of_after_its_counts() -> None:
    done = RoundInfo("2026-11-28T09:04:00+00:00", 80, 1, 0, True,
                     "Cette base est une copie.\nInstantané pour les nouveaux postes non envoyé.")
    text = round_text(_status(done))
    assert text.endswith("— réussie ; envoyées 1, reçues 0, 80 ms. Cette base est une copie. Instantané pour "
                         "les nouveaux postes non envoyé. En attente d'envoi : 2.")
