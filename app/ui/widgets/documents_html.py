"""Detail pane of the Documents page: one registered document and the check of its file."""

from __future__ import annotations

from html import escape
from pathlib import Path

from app.domain.documents import DocumentEntry, FileState
from app.formatting import date_time, number
from app.ui.widgets.html import fields, page, section

_STATE_TEXT = {
    FileState.INTACT: ("Le fichier est présent et son empreinte SHA-256 est celle enregistrée à sa "
                       "génération."),
    FileState.MODIFIED: ("Le fichier a été modifié depuis sa génération : son empreinte ne correspond plus. "
                         "Régénérez le document ou retrouvez l'original avant de le diffuser."),
    FileState.MISSING: ("Le fichier est introuvable dans le dossier des documents de ce poste. Généré sur "
                        "un autre poste, ou supprimé ici, il revient au prochain tour de synchronisation "
                        "s'il est sur le dossier partagé (sinon, voyez la quarantaine de la page "
                        "Synchronisation) ; hors synchronisation, régénérez le document si nécessaire."),
}


def document_html(entry: DocumentEntry, folder: Path) -> str:
    warn = entry.file_state is not FileState.INTACT
    state = f"<p class='{'warn' if warn else ''}'><b>{escape(entry.file_state.label)}</b></p>"
    return page(
        entry.title,
        _subtitle(entry),
        section("Document", fields(_filled([
            ("Nature", entry.kind.label),
            ("Référence", entry.reference),
            ("Version", str(entry.version)),
            ("Statut", entry.status.label),
            ("Généré le", date_time(entry.generated_at) if entry.generated_at else ""),
            ("Par", entry.generated_by),
            ("Pages", number(entry.pages) if entry.pages else ""),
            ("Modèle", entry.template_version),
        ]))),
        section("Fichier", _file_section(entry, folder, state)),
    )


def _subtitle(entry: DocumentEntry) -> str:
    """« Dossier de séance · CA 2026-04 · version 1 »: the nature once, even when the reference begins
    with it (« Dossier de séance · Dossier de séance · CA 2026-04 » before)."""
    reference = entry.reference or "sans référence"
    named = reference if reference.startswith(entry.kind.label) else f"{entry.kind.label} · {reference}"
    return f"{named} · version {entry.version}"


def _file_section(entry: DocumentEntry, folder: Path, state: str) -> str:
    explanation = f"<p>{escape(_STATE_TEXT[entry.file_state])}</p>"
    location = fields([
        ("Emplacement", str(folder / entry.file_name) if entry.file_name else ""),
        ("SHA-256", entry.sha256),
    ])
    return state + explanation + _open_link(entry, folder) + location


def _filled(pairs: list[tuple[str, str]]) -> list[tuple[str, str]]:
    return [(key, value) for key, value in pairs if value]


def _open_link(entry: DocumentEntry, folder: Path) -> str:
    if entry.file_state is FileState.MISSING or not entry.file_name:
        return ""
    url = (folder / entry.file_name).resolve().as_uri()
    return f"<p><a href='{escape(url)}'>Ouvrir le fichier</a></p>"
