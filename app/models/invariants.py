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



def _after_closing(change: str) -> str:
    """SQL: the change `change` (a row of sync_log or sync_head: replica_id, seq, hlc) comes after the
    closing `c` (closing.seen: what its author had seen). « After » is causal, as SYNC.md wants (clocks
    only order concurrent values for display): a change the closing's author had not seen, made
    concurrently or later. For a closing received before migration 0004 (no context kept), the clocks
    order them, as before."""
    x = change
    return (
        f"NOT ({x}.replica_id = c.replica_id AND {x}.seq <= c.seq) AND CASE WHEN c.seen = '' "
        f"THEN {x}.hlc > c.hlc ELSE coalesce(json_extract(c.seen, '$.\"' || {x}.replica_id || '\"'), 0) "
        f"< {x}.seq END"
    )


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
        # the services refuse these changes once a meeting is closed: a workstation that had not seen the
        # closing made them, or created the row (its '*' head). See _after_closing.
        "séance close : présences, pouvoirs ou votes modifiés après la clôture", "meeting",
        "WITH closing AS (SELECT l.row_id AS meeting_id, l.replica_id, l.seq, l.hlc, "
        "coalesce(d.context, '') AS seen FROM sync_log l "
        "LEFT JOIN sync_dot d ON d.replica_id = l.replica_id AND d.seq = l.seq "
        "WHERE l.tbl = 'meeting' AND l.col = 'status' AND l.after = 'closed'), "
        "parts AS (SELECT 'attendance' AS tbl, id, meeting_id FROM attendance "
        "UNION ALL SELECT 'proxy', id, meeting_id FROM proxy "
        "UNION ALL SELECT 'vote', v.id, i.meeting_id FROM vote v JOIN agenda_item i ON i.id = v.item_id "
        "UNION ALL SELECT 'ballot', b.id, i.meeting_id FROM ballot b JOIN vote v ON v.id = b.vote_id "
        "JOIN agenda_item i ON i.id = v.item_id) "
        "SELECT DISTINCT m.id FROM meeting m JOIN closing c ON c.meeting_id = m.id "
        "JOIN parts p ON p.meeting_id = m.id "
        "WHERE m.deleted = 0 AND m.status IN ('closed', 'minutes_approved') "
        "AND (EXISTS (SELECT 1 FROM sync_log x WHERE x.tbl = p.tbl AND x.row_id = p.id AND "
        f"{_after_closing('x')}) OR EXISTS (SELECT 1 FROM sync_head x WHERE x.tbl = p.tbl "
        f"AND x.row_id = p.id AND x.col = '*' AND {_after_closing('x')}))",
    ),
    # one line, one pouvoir, one vote: the same id on every workstation since 2026-11 (app.domain.ids), so
    # concurrent ones merge; rows made apart by an earlier version can still double up
    Rule(
        "séance où un membre figure deux fois sur la feuille de présence", "meeting",
        "SELECT DISTINCT meeting_id FROM attendance WHERE deleted = 0 "
        "GROUP BY meeting_id, seat_id HAVING count(*) > 1",
    ),
    Rule(
        "séance où un membre a donné deux pouvoirs", "meeting",
        "SELECT DISTINCT meeting_id FROM proxy WHERE deleted = 0 "
        "GROUP BY meeting_id, grantor_seat_id HAVING count(*) > 1",
    ),
    Rule(
        "séance où un point a été voté deux fois", "meeting",
        "SELECT DISTINCT i.meeting_id FROM vote v JOIN agenda_item i ON i.id = v.item_id "
        "WHERE v.deleted = 0 GROUP BY v.item_id HAVING count(*) > 1",
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
