"""An official document is not established from values in sync conflict: concurrent values wait for the
coordinator's arbitration (SYNC.md "Merge"), and a délibération must not print whichever one happens to
be shown. Checked for the document's subject, its parts (as its history lists them) and, for a séance or
a délibération, the votes, ballots, decisions and follow-up actions it prints, before anything is written
(app.services.document_register)."""

from __future__ import annotations

import uuid

from sqlalchemy.orm import Session

from app.domain.errors import DomainError
from app.domain.field_labels import field_label, table_label
from app.formatting import plural
from app.sync.history import conflicts_where

_ITEMS = "SELECT id FROM agenda_item WHERE meeting_id = ?"
_DECISION_ITEM = "SELECT item_id FROM decision WHERE id = ?"
_DECISION_VOTES = f"SELECT id FROM vote WHERE item_id IN ({_DECISION_ITEM})"
# What a document prints beyond its subject's parts (the query of each table's ids, given the subject's)
_PRINTED: dict[str, tuple[tuple[str, str], ...]] = {
    "meeting": (("decision", f"SELECT id FROM decision WHERE item_id IN ({_ITEMS})"),  # votes: parts
                ("follow_up_action", f"SELECT id FROM follow_up_action WHERE item_id IN ({_ITEMS})")),
    "decision": (("agenda_item", _DECISION_ITEM), ("vote", _DECISION_VOTES),
                 ("ballot", f"SELECT id FROM ballot WHERE vote_id IN ({_DECISION_VOTES})")),
}
_SUBJECTS = {"meeting": "meeting", "meeting-invitation": "meeting", "decision": "decision",
             "project": "project"}


def refuse_conflicts(session: Session, subject_type: str, subject_id: uuid.UUID | None) -> None:
    """Raise a French DomainError naming the values in conflict that the document would print."""
    table = _SUBJECTS.get(subject_type)
    if table is None or subject_id is None:
        return
    where, args = conflicts_where(table, subject_id.hex, parts=True, more=_PRINTED.get(table, ()))
    found = session.connection().exec_driver_sql(f"SELECT tbl, col FROM sync_conflict {where}", args).all()
    if found:
        count = len(found)
        named = sorted({f"{table_label(part)} : " + ("supprimé ici / modifié là" if column == "deleted"
                                                      else field_label(part, column))
                        for part, column in found})
        raise DomainError(
            f"Ce document n'est pas établi : {plural(count, 'valeur')} qu'il reprend "
            f"{'est' if count == 1 else 'sont'} en conflit entre deux postes ({' ; '.join(named)}). "
            f"Arbitrez-{'la' if count == 1 else 'les'} dans Synchronisation (« Conflits à arbitrer »), "
            "puis établissez-le à nouveau. Rien n'a été écrit.")
