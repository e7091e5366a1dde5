"""French wording shared by the Synchronisation page, the status-bar indicator, history and badges."""

from __future__ import annotations

from datetime import datetime

from app.domain.sync import ConflictInfo, ConflictValue, SyncStatus, moment_text
from app.formatting import nbsp, short_date_time
from app.sync.clock import physical


def when(text: str) -> str:
    """An ISO timestamp as « 12/11/2026 14:05 » (or « jamais »), never broken across lines."""
    return nbsp(moment_text(text))


def hlc_moment(hlc: int) -> datetime:
    return datetime.fromtimestamp(physical(hlc) / 1000).astimezone()


def who_on(author: str, workstation: str) -> str:
    """« Anne Martins · ce poste »; the workstation alone when no profile was filled in there or when it
    goes by the author's name (« Anne Martins (PC-07) »)."""
    named = not author or workstation == author or workstation.startswith(f"{author} (")
    return workstation if named else f"{author} · {workstation}"


def who_when(value: ConflictValue) -> str:
    return f"{value.author}, {short_date_time(hlc_moment(value.hlc))}"


def values_text(conflict: ConflictInfo) -> str:
    return " / ".join(f"« {v.value} » ({who_when(v)})" for v in conflict.values)


def ago(moment: datetime, now: datetime) -> str:
    """« à l'instant », « il y a 3 min », « il y a 2 h », or the date beyond a day."""
    minutes = int((now - moment).total_seconds() // 60)
    if minutes < 1:
        return "à l'instant"
    if minutes < 60:
        return f"il y a {minutes} min"
    if minutes < 24 * 60:
        return f"il y a {minutes // 60} h"
    return f"le {short_date_time(moment)}"


def round_text(status: SyncStatus) -> str:
    r = status.last_round
    if r is None:
        return "Aucune synchronisation pour l'instant."
    pending = f"En attente d'envoi : {status.pending}."
    if not r.ok:  # nothing was sent nor received: the reason alone, then what waits
        return f"Dernière synchronisation : {when(r.started)} — échouée : {r.message.rstrip('.')}. {pending}"
    told = "".join(f" {line}" for line in r.message.splitlines())  # a copied base, a snapshot not sent…
    return (f"Dernière synchronisation : {when(r.started)} — réussie ; envoyées {r.sent}, reçues "
            f"{r.received}, {r.duration_ms} ms{r.documents_text()}.{told} {pending}")


def percent_text(done: int, total: int) -> str:
    """« 13 % » of a step that counts (an empty text for one that does not)."""
    return f"{min(max(done, 0), total) * 100 // total}\u00a0%" if total > 0 else ""
