"""The demo département: deterministic, refused on a non-empty base, and consistent with the domain rules."""

from __future__ import annotations

import json
import re
import shutil
import sqlite3
import subprocess
import sys
import uuid
from collections.abc import Iterator
from contextlib import closing
from decimal import Decimal
from pathlib import Path

import pytest
from sqlalchemy.orm import Session

from app import db
from app.db import create_app_engine
from app.domain.enums import ProjectStatus
from app.domain.errors import DomainError
from app.domain.ids import NAMESPACE
from app.services.check import run_check
from app.services.demo import write_demo

DUMPED = (
    "territory",
    "territory_link",
    "indicator_value",
    "organisation",
    "project",
    "project_need",
    "funding_line",
    "assignment",
    "decision",
    "vote",
    "ballot",
    "appraisal",
    "setting",
    "follow_up_action",
)
VALIDATED_OR_LATER = {"validated", "contracted", "running", "suspended", "closed", "abandoned"}


def _write(template: Path, target: Path, seed: int) -> Path:
    shutil.copy(template, target)
    engine = create_app_engine(target)
    with Session(engine) as session, session.begin():
        write_demo(session, seed=seed)
    engine.dispose()
    return target


def _dump(path: Path) -> dict[str, list[tuple[object, ...]]]:
    with closing(sqlite3.connect(path)) as conn:
        return {table: conn.execute(f"SELECT * FROM {table} ORDER BY id").fetchall() for table in DUMPED}


@pytest.fixture
def demo(demo_db: Path) -> Iterator[sqlite3.Connection]:
    with closing(sqlite3.connect(demo_db)) as conn:
        yield conn


def test_same_seed_gives_same_rows_and_ids(demo_template: Path, template_db: Path, tmp_path: Path) -> None:
    again = _dump(_write(template_db, tmp_path / "again.sqlite", seed=1))
    assert again == _dump(demo_template)
    assert all(again[table] for table in DUMPED)


def test_another_seed_gives_another_departement(
    demo_template: Path, template_db: Path, tmp_path: Path
) -> None:
    first, second = _dump(demo_template), _dump(_write(template_db, tmp_path / "seed2.sqlite", seed=2))
    assert first["territory"] != second["territory"]
    assert first["project"] != second["project"]


def test_non_empty_database_is_refused(demo_db: Path) -> None:
    with db.SessionFactory() as session, pytest.raises(DomainError, match="La base n'est pas vide"):
        write_demo(session)


def test_unknown_size_is_refused(session: Session) -> None:
    with pytest.raises(DomainError, match="Taille de démonstration inconnue"):
        write_demo(session, size="huge")


def test_summary_is_french_and_counts_rows(session: Session) -> None:
    summary = write_demo(session, seed=3)
    assert summary.projects == 30 and summary.pool_members == 15 and summary.territories > 100
    assert "Haute-Maille" in summary.describe() and "secret statistique" in summary.describe()


def test_secret_cells_have_no_value_and_some_are_estimated(demo: sqlite3.Connection) -> None:
    counts = dict(demo.execute("SELECT status, count(*) FROM indicator_value GROUP BY status").fetchall())
    assert counts["secret"] > 0 and counts["estimated"] > 0 and counts["ok"] > 1000
    assert demo.execute(
        "SELECT count(*) FROM indicator_value WHERE status = 'secret' AND value IS NOT NULL"
    ).fetchone() == (0,)
    assert demo.execute(
        "SELECT count(*) FROM indicator_value WHERE status != 'secret' AND value IS NULL"
    ).fetchone() == (0,)


def test_indicators_cover_four_years_and_every_level(demo: sqlite3.Connection) -> None:
    periods = {row[0] for row in demo.execute("SELECT DISTINCT period FROM indicator_value")}
    levels = {
        row[0]
        for row in demo.execute(
            "SELECT DISTINCT t.level FROM indicator_value v JOIN territory t ON t.id = v.territory_id"
        )
    }
    assert periods == {"2022", "2023", "2024", "2025"}
    assert levels == {"commune", "epci", "bassin", "tas", "departement"}
    assert demo.execute("SELECT count(*) FROM indicator").fetchone()[0] >= 10


def test_communes_have_insee_codes_polygons_and_parents(demo: sqlite3.Connection) -> None:
    rows = demo.execute("SELECT id, code, geometry FROM territory WHERE level = 'commune'").fetchall()
    assert 90 <= len(rows) <= 110
    assert all(re.fullmatch(r"96\d{3}", code) for _, code, _ in rows)
    assert all(json.loads(geometry)["type"] == "Polygon" for _, _, geometry in rows)
    parents = demo.execute(
        "SELECT l.child_id, count(*) FROM territory_link l JOIN territory c ON c.id = l.child_id "
        "WHERE c.level = 'commune' GROUP BY l.child_id"
    ).fetchall()
    assert len(parents) == len(rows) and {count for _, count in parents} == {3}


def test_every_project_status_appears(demo: sqlite3.Connection) -> None:
    statuses = {row[0] for row in demo.execute("SELECT status FROM project")}
    assert statuses == {status.value for status in ProjectStatus}


def test_validation_decision_and_history_follow_the_status(demo: sqlite3.Connection) -> None:
    for project_id, status, decision in demo.execute(
        "SELECT id, status, validated_by_decision_id FROM project"
    ):
        assert (decision is not None) == (status in VALIDATED_OR_LATER)
        history = demo.execute(
            "SELECT from_status, to_status FROM project_status_change WHERE project_id = ? "
            "ORDER BY changed_at",
            (project_id,),
        ).fetchall()
        if status != "idea":
            assert history[-1][1] == status
            assert all(a[1] == b[0] for a, b in zip(history, history[1:], strict=False))


def test_coverage_matrix_has_gaps_to_show(demo: sqlite3.Connection) -> None:
    uncovered = demo.execute("SELECT count(*) FROM need WHERE id NOT IN (SELECT need_id FROM project_need)")
    orphans = demo.execute(
        "SELECT count(*) FROM project WHERE id NOT IN (SELECT project_id FROM project_need)"
    )
    assert 1 <= uncovered.fetchone()[0] <= 2 and 1 <= orphans.fetchone()[0] <= 2


def test_voting_rights_sum_to_one_hundred_per_body(demo: sqlite3.Connection) -> None:
    rows = demo.execute("SELECT body_id, voting_rights FROM seat WHERE has_vote = 1").fetchall()
    totals: dict[str, Decimal] = {}
    for body_id, rights in rows:
        totals[body_id] = totals.get(body_id, Decimal(0)) + Decimal(rights)
    assert len(totals) == 3 and set(totals.values()) == {Decimal(100)}


def test_decision_numbers_are_unique_formatted_and_contiguous(demo: sqlite3.Connection) -> None:
    rows = demo.execute("SELECT number, year, sequence FROM decision ORDER BY number").fetchall()
    numbers = [number for number, _, _ in rows]
    assert len(numbers) == len(set(numbers)) and "2026-CA-001" in numbers and "2026-COPIL-001" in numbers
    assert all(re.fullmatch(r"20\d\d-(CA|COPIL)-\d{3}", number) for number in numbers)
    by_series: dict[str, list[int]] = {}
    for number, _year, sequence in rows:
        by_series.setdefault(number[:-4], []).append(sequence)
    assert all(sorted(seqs) == list(range(1, len(seqs) + 1)) for seqs in by_series.values())


def test_votes_show_nppv_casting_vote_proxy_and_departure(demo: sqlite3.Connection) -> None:
    results = {row[0] for row in demo.execute("SELECT result FROM vote")}
    assert {"adopted_unanimous", "adopted", "adopted_casting"} <= results
    assert demo.execute("SELECT count(*) FROM ballot WHERE choice = 'nppv'").fetchone()[0] >= 1
    assert demo.execute("SELECT count(*) FROM vote WHERE nppv > 0 AND rights_nppv != '0'").fetchone()[0] >= 1
    assert demo.execute("SELECT count(*) FROM proxy").fetchone()[0] >= 1
    assert demo.execute("SELECT count(*) FROM attendance WHERE status = 'represented'").fetchone()[0] >= 1
    early = demo.execute(
        "SELECT count(*) FROM attendance a JOIN meeting m ON m.id = a.meeting_id "
        "WHERE a.left_at < m.closed_at"
    ).fetchone()[0]
    assert early == 1


def test_meetings_cover_every_stage_of_the_calendar(demo: sqlite3.Connection) -> None:
    statuses = {row[0] for row in demo.execute("SELECT status FROM meeting")}
    assert {"minutes_approved", "closed", "held", "convened", "preparing"} <= statuses
    first_items = demo.execute(
        "SELECT a.title FROM agenda_item a JOIN meeting m ON m.id = a.meeting_id WHERE a.position = 1"
    ).fetchall()
    assert {title for (title,) in first_items} == {"Désignation du secrétaire de séance"}


def test_past_decisions_have_follow_up_actions(demo: sqlite3.Connection) -> None:
    rows = demo.execute(
        "SELECT m.status, d.number, f.item_id = d.item_id, f.who, f.what, f.due_on FROM follow_up_action f "
        "JOIN decision d ON d.id = f.decision_id JOIN agenda_item a ON a.id = f.item_id "
        "JOIN meeting m ON m.id = a.meeting_id"
    ).fetchall()
    assert rows and {status for status, *_ in rows} == {"minutes_approved"}  # the last CA: proposals
    assert all(same and who and what and due for _s, _n, same, who, what, due in rows)
    assert any(what.startswith("Notifier la décision au porteur") for *_r, what, _d in rows)
    approved = demo.execute(
        "SELECT count(*) FROM decision d JOIN agenda_item a ON a.id = d.item_id JOIN meeting m ON "
        "m.id = a.meeting_id WHERE m.status = 'minutes_approved' AND d.status IN ('adopted', 'rejected')"
    ).fetchone()[0]
    assert len({number for _s, number, *_r in rows}) == approved


def test_pool_has_one_pilot_per_project_and_overloaded_members(demo: sqlite3.Connection) -> None:
    pilots = demo.execute(
        "SELECT project_id, count(*) FROM assignment WHERE role = 'pilot' GROUP BY project_id"
    ).fetchall()
    assert pilots and {count for _, count in pilots} == {1}
    overloaded = demo.execute(
        "SELECT m.id FROM pool_member m JOIN assignment a ON a.member_id = m.id "
        "WHERE a.starts_on <= '2026-11-27' AND a.ends_on >= '2026-11-27' "
        "GROUP BY m.id HAVING sum(CAST(a.fte AS REAL)) > CAST(m.working_time AS REAL)"
    ).fetchall()
    assert len(overloaded) >= 2


def test_funding_and_contributions_look_real(demo: sqlite3.Connection) -> None:
    per_year = demo.execute(
        "SELECT project_id, fiscal_year, sum(amount_cents) FROM funding_line GROUP BY project_id, fiscal_year"
    ).fetchall()
    assert all(3_000_000 <= total <= 40_000_000 for _, _, total in per_year)
    unpaid = demo.execute(
        "SELECT count(*) FROM member_contribution c WHERE called_cents > "
        "(SELECT coalesce(sum(amount_cents), 0) FROM contribution_payment p WHERE p.contribution_id = c.id)"
    )
    assert unpaid.fetchone()[0] >= 2


def test_evaluations_have_ne_nc_and_a_replaced_grid(demo: sqlite3.Connection) -> None:
    levels = {row[0] for row in demo.execute("SELECT level FROM appraisal")}
    assert {"NE", "NC"} <= levels
    assert demo.execute(
        "SELECT count(*) FROM appraisal WHERE level = 'NE' AND justification = ''"
    ).fetchone() == (0,)
    assert demo.execute("SELECT count(*) FROM appraisal WHERE consolidated = 1").fetchone()[0] > 0
    assert demo.execute(
        "SELECT count(*) FROM evaluation_grid WHERE previous_version_id IS NOT NULL"
    ).fetchone() == (1,)
    descriptors = demo.execute(
        "SELECT criterion_id, count(*) FROM scale_level GROUP BY criterion_id"
    ).fetchall()
    assert {count for _, count in descriptors} == {4}


def test_check_finds_the_demo_sound(demo_db: Path) -> None:
    report = run_check(demo_db)
    assert report.sound, report.describe()


def test_cli_demo_then_check(tmp_path: Path) -> None:
    path = tmp_path / "cli.sqlite"
    for command in (["demo", "--seed", "1"], ["check"]):
        done = subprocess.run(
            [sys.executable, "-m", "app", "--db", str(path), *command],
            capture_output=True,
            text=True,
            timeout=120,
        )
        assert done.returncode == 0, done.stderr
    again = subprocess.run(
        [sys.executable, "-m", "app", "--db", str(path), "demo"], capture_output=True, text=True, timeout=120
    )
    assert again.returncode == 1 and "La base n'est pas vide" in again.stderr


def test_fast_value_ids_are_natural_ids(demo: sqlite3.Connection) -> None:
    from app.domain.ids import natural_id
    from app.services.demo.indicator_values import uuid5_hex

    rows = demo.execute(
        "SELECT id, indicator_id, territory_id, period FROM indicator_value LIMIT 50"
    ).fetchall()
    for id_, indicator, territory, period in rows:
        expected = natural_id("indicator_value", uuid.UUID(indicator), uuid.UUID(territory), period)
        assert id_ == expected.hex
    assert uuid5_hex(b"x/1") == uuid.uuid5(NAMESPACE, "x/1").hex


def test_organisations_have_luhn_valid_siren_and_siret(demo: sqlite3.Connection) -> None:
    from app.services.demo.common import luhn_valid

    rows = demo.execute("SELECT siren, siret FROM organisation").fetchall()
    assert len({siren for siren, _ in rows}) == len(rows)
    for siren, siret in rows:
        assert re.fullmatch(r"\d{9}", siren) and siret.startswith(siren) and len(siret) == 14
        assert luhn_valid(siren) and luhn_valid(siret)


def test_project_codes_are_unique(demo_db: Path) -> None:
    with sqlite3.connect(demo_db) as conn:
        codes = [row[0] for row in conn.execute("SELECT code FROM project")]
    conn.close()
    assert len(codes) == 30 and len(set(codes)) == len(codes)
