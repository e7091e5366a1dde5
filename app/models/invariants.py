"""The rules across rows that merging cannot keep (SYNC.md "Merge"): two workstations may each respect
them offline and break them together (two pilots, one deliberation number given twice). Remote data is
never refused for them: they are checked after each sync round and listed for review (Synchronisation
page, `sync` and `check` commands).

Each rule: its French description, the table of the rows at fault, and a query returning their ids.
Plain SQL over the schema, run on a SQLAlchemy or a sqlite3 connection alike (`broken_rules`).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass


@dataclass(frozen=True)
class Rule:
    description: str
    table: str
    query: str  # the ids of the rows of `table` that break it


@dataclass(frozen=True)
class BrokenRule:
    rule: Rule
    row_ids: tuple[str, ...]


RULES: tuple[Rule, ...] = (
    Rule(
        "numéro de délibération attribué deux fois", "decision",
        "SELECT id FROM decision WHERE deleted = 0 AND number != '' AND number IN (SELECT number "
        "FROM decision WHERE deleted = 0 AND number != '' GROUP BY number HAVING count(*) > 1) "
        "ORDER BY number",
    ),
    Rule(
        "code de fiche action utilisé par plusieurs projets", "project",
        "SELECT id FROM project WHERE deleted = 0 AND code != '' AND code IN (SELECT code FROM project "
        "WHERE deleted = 0 AND code != '' GROUP BY code HAVING count(*) > 1) ORDER BY code",
    ),
    Rule(
        "montant de financement négatif", "funding_line",
        "SELECT id FROM funding_line WHERE deleted = 0 AND amount_cents < 0",
    ),
    Rule(
        "droits statutaires d'une instance différents de 100 %", "body",
        "SELECT b.id FROM body b JOIN seat s ON s.body_id = b.id AND s.deleted = 0 AND s.has_vote = 1 "
        "WHERE b.deleted = 0 GROUP BY b.id HAVING abs(sum(CAST(s.voting_rights AS REAL)) - 100) > 0.001",
    ),
    Rule(
        "projet avec plusieurs pilotes", "project",
        "SELECT project_id FROM assignment WHERE deleted = 0 AND role = 'pilot' "
        "GROUP BY project_id HAVING count(*) > 1",
    ),
    Rule(
        "quotité hors de ]0 ; 1]", "pool_member",
        "SELECT id FROM pool_member WHERE deleted = 0 AND "
        "(CAST(working_time AS REAL) <= 0 OR CAST(working_time AS REAL) > 1)",
    ),
    Rule(
        "valeur d'indicateur sous secret statistique stockée avec une valeur", "indicator_value",
        "SELECT id FROM indicator_value WHERE status = 'secret' AND value IS NOT NULL",
    ),
    Rule(
        # the services refuse these changes once a meeting is closed; a workstation that had not seen the
        # closing made them (its clock ordering them after it; edits concurrent but stamped earlier pass)
        "séance close : présences, pouvoirs ou votes modifiés après la clôture", "meeting",
        "WITH closing AS (SELECT row_id AS meeting_id, max(hlc) AS hlc FROM sync_log WHERE tbl = 'meeting' "
        "AND col = 'status' AND after = 'closed' GROUP BY row_id), "
        "parts AS (SELECT 'attendance' AS tbl, id, meeting_id FROM attendance "
        "UNION ALL SELECT 'proxy', id, meeting_id FROM proxy "
        "UNION ALL SELECT 'vote', v.id, i.meeting_id FROM vote v JOIN agenda_item i ON i.id = v.item_id "
        "UNION ALL SELECT 'ballot', b.id, i.meeting_id FROM ballot b JOIN vote v ON v.id = b.vote_id "
        "JOIN agenda_item i ON i.id = v.item_id) "
        "SELECT DISTINCT m.id FROM meeting m JOIN closing c ON c.meeting_id = m.id "
        "JOIN parts p ON p.meeting_id = m.id JOIN sync_log l ON l.tbl = p.tbl AND l.row_id = p.id "
        "AND l.hlc > c.hlc WHERE m.deleted = 0 AND m.status IN ('closed', 'minutes_approved')",
    ),
    Rule(
        "mandataire détenant plus de pouvoirs que le maximum de l'instance", "seat",
        "SELECT p.holder_seat_id FROM proxy p JOIN meeting m ON m.id = p.meeting_id "
        "JOIN body b ON b.id = m.body_id WHERE p.deleted = 0 "
        "GROUP BY p.meeting_id, p.holder_seat_id, b.max_proxies HAVING count(*) > b.max_proxies",
    ),
)


def broken_rules(
    fetch: Callable[[str], Iterable[Sequence[object]]], rules: Sequence[Rule] = RULES
) -> list[BrokenRule]:
    """The rules some rows break, with those rows' ids (`fetch` runs one query and returns its rows)."""
    found = []
    for rule in rules:
        ids = tuple(str(row[0]) for row in fetch(rule.query))
        if ids:
            found.append(BrokenRule(rule, ids))
    return found
