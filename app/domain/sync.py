"""What the sync engine reports to the UI and the CLI (frozen, stdlib only)."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

from app.domain.field_labels import field_label, table_label


@dataclass(frozen=True)
class RoundInfo:
    started: str
    duration_ms: int
    sent: int
    received: int
    ok: bool
    message: str
    documents_sent: int = 0
    documents_received: int = 0

    def documents_text(self) -> str:
        """« ; documents : 1 envoyé, 2 reçus » when the round moved any, else nothing."""
        if not (self.documents_sent or self.documents_received):
            return ""
        sent, received = self.documents_sent, self.documents_received
        return (f" ; documents : {sent} envoyé{'s' if sent > 1 else ''}, "
                f"{received} reçu{'s' if received > 1 else ''}")


@dataclass(frozen=True)
class PeerInfo:
    replica_id: str
    label: str
    app_version: str
    last_seen: str
    clock_warning: str
    waiting: int = 0  # our saved changes (transactions) it had not received at its last round
    to_receive: int = 0  # its saved changes this workstation has not received yet

    @property
    def id(self) -> str:
        return self.replica_id

    @property
    def exchanges(self) -> str:
        """Whether it and this workstation have each other's saved changes: « à jour dans les deux
        sens », « attend 3 enregistrements de ce poste », « 2 enregistrements à recevoir de lui »."""
        if not self.waiting and not self.to_receive:
            return "à jour dans les deux sens"
        parts = []
        if self.waiting:
            parts.append(f"attend {_saves(self.waiting)} de ce poste")
        if self.to_receive:
            parts.append(f"{_saves(self.to_receive)} à recevoir de lui")
        return " ; ".join(parts)


def _saves(count: int) -> str:
    return f"{count} enregistrement{'s' if count > 1 else ''}"


@dataclass(frozen=True)
class QuarantineInfo:
    replica_id: str
    name: str
    reason: str
    at: str

    @property
    def id(self) -> str:
        return f"{self.replica_id}/{self.name}"


@dataclass(frozen=True)
class ConflictValue:
    value: str  # as shown
    author: str
    replica_id: str
    hlc: int
    raw: object = None  # as stored: what "keep this one" writes back


@dataclass(frozen=True)
class ConflictInfo:
    table: str
    row_id: str
    column: str
    values: tuple[ConflictValue, ...]
    label: str = ""  # the object, as a user names it (title, name, code…)
    mergeable: bool = True  # free text: a merged value may be typed (not a link, a date, an amount…)

    @property
    def id(self) -> str:
        return f"{self.table}:{self.row_id}:{self.column}"

    @property
    def deletion(self) -> bool:
        """« supprimé ici / modifié là »: the row was deleted on one side and edited on the other."""
        return self.column == "deleted"

    @property
    def field(self) -> str:
        """What is in conflict: « Intitulé », or « Supprimé ici / modifié là »."""
        return "Supprimé ici / modifié là" if self.deletion else field_label(self.table, self.column)


@dataclass(frozen=True)
class ReviewItem:
    """A rule across rows that merging cannot keep, broken by one object (app.models.invariants): listed
    for review after a round, never a reason to refuse remote data."""

    rule: str  # « projet avec plusieurs pilotes »
    table: str
    row_id: str
    label: str  # « Fiche action « Jardin partagé » »

    @property
    def id(self) -> str:
        return f"{self.rule}:{self.table}:{self.row_id}"


@dataclass(frozen=True)
class SyncStatus:
    replica_id: str
    share: str
    pending: int
    last_round: RoundInfo | None
    peers: tuple[PeerInfo, ...] = ()
    quarantine: tuple[QuarantineInfo, ...] = ()
    conflicts: tuple[ConflictInfo, ...] = field(default_factory=tuple)
    to_review: tuple[ReviewItem, ...] = ()
    passphrase_saved: bool = False  # the département's passphrase is kept on this workstation
    demo: bool = False  # the fictional département: it may start a training share, never join a real one
    received: tuple[ReceivedChange, ...] = ()  # the latest changes received from other workstations
    joined: str = ""  # when this workstation was loaded from the share's snapshot (ISO; "" if it was not)

    def describe(self) -> str:
        lines = [
            f"Poste : {self.replica_id or '(pas encore synchronisé)'}",
            f"Dossier partagé : {self.share or '(non configuré)'}",
        ]
        if self.share:
            saved = "enregistrée sur ce poste" if self.passphrase_saved else "à saisir sur ce poste"
            lines.append(f"Phrase secrète : {saved}")
        elif self.demo:
            lines.append("Base de démonstration (département fictif) : elle ne rejoint pas un dossier où "
                         "d'autres postes travaillent ; créez une base vide pour les données du département.")
        lines.append(f"Transactions locales non envoyées : {self.pending}")
        if self.last_round is not None:
            r = self.last_round
            outcome = "réussie" if r.ok else f"échouée ({r.message})"
            lines.append(
                f"Dernière synchronisation : {moment_text(r.started)}, {outcome}, envoyées {r.sent}, reçues "
                f"{r.received}, {r.duration_ms} ms{r.documents_text()}"
            )
            lines += [f"Avertissement : {w}" for w in r.message.splitlines()] if r.ok else []
        lines += [
            f"Poste « {p.label or p.replica_id[:8]} » : vu {moment_text(p.last_seen)}, version "
            f"{p.app_version or '?'}, {p.exchanges}" + (f" ; {p.clock_warning}" if p.clock_warning else "")
            for p in self.peers
        ]
        lines += [f"Quarantaine : {q.name} ({q.reason})" for q in self.quarantine]
        lines.append(f"Conflits à arbitrer : {len(self.conflicts)}")
        lines += review_lines(self.to_review)
        return "\n".join(lines)


def moment_text(iso: str) -> str:
    """An ISO timestamp as « 28/11/2026 10:06 », in local time (« jamais » when empty)."""
    try:
        return datetime.fromisoformat(iso).astimezone().strftime("%d/%m/%Y %H:%M")
    except ValueError:
        return iso or "jamais"


def review_lines(items: tuple[ReviewItem, ...]) -> list[str]:
    """« À vérifier : projet avec plusieurs pilotes — Fiche action « Jardin » », one line per object."""
    return [f"À vérifier : {item.rule} — {item.label}" for item in items]


@dataclass(frozen=True)
class HistoryEntry:
    """One change of one field of an object: who, when, which field, before → after, from which post."""

    hlc: int
    author: str
    replica_id: str
    column: str  # "*": the object was created
    before: str  # as shown (app.sync.display): « 1 234,50 € », « 15/01/2027 », a name, never an id
    after: str  # for a creation, the name of what was created
    table: str = ""
    subject: str = ""  # the part of the object that changed (a funding line…); empty: the object itself

    @property
    def id(self) -> str:
        return f"{self.table}:{self.subject}:{self.replica_id}:{self.hlc}:{self.column}"

    @property
    def change(self) -> str:
        """« 7 600,00 € → 9 100,00 € »; a creation: what was created."""
        if self.column == "*":
            return self.after
        return f"{self.before or '—'} → {self.after or '—'}"

    @property
    def field(self) -> str:
        """« Intitulé », « Financement « CAF · 2026 » : Montant », « Création », « Ajout : Jalon »."""
        if self.column == "*":
            return f"Ajout : {table_label(self.table)}" if self.subject else "Création"
        name = field_label(self.table, self.column)
        return f"{table_label(self.table)} « {self.subject} » : {name}" if self.subject else name


@dataclass(frozen=True)
class ReceivedChange:
    """A change made on another workstation and received here (« Modifications reçues »): the history
    entry (who, when, which field, before → after), and the object it changed."""

    entry: HistoryEntry
    row_id: str
    label: str  # « Fiche action « Jardin partagé » »

    @property
    def change(self) -> str:
        """« 7 600,00 € → 9 100,00 € »; a creation: « créé » (the object is named beside)."""
        return "créé" if self.entry.column == "*" else self.entry.change


@dataclass(frozen=True)
class ObjectRecord:
    """What a detail pane shows of an object's sync life: its history and its conflicted fields."""

    table: str
    row_id: str
    history: tuple[HistoryEntry, ...]
    conflicts: tuple[ConflictInfo, ...]
    workstations: dict[str, str] = field(default_factory=dict)  # replica id → label

    def workstation(self, replica_id: str) -> str:
        return self.workstations.get(replica_id) or f"poste {replica_id[:8]}"
