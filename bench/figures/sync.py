"""Sync figures (SYNC.md "What to measure", issue 3): apply and publish throughput as ratios to raw
sqlite3 `executemany` upserts of the same rows in the same run, end-to-end rounds of 10k and 100k remote
field changes, bytes on the share per field change, bootstrap from a snapshot, capture overhead (p95).
« Apply » is the ingest step alone (app.sync.ingest.ingest_all: list, read, verify, decode, merge,
commit), SYNC.md's « field changes per second ingested »; the rounds time everything a round does.

Recorded 2026-11-28 (2 shared cores, load average about 3; two runs, ratio then seconds), when « apply »
still timed a whole round:
                            before (one shot)         after (medians of 3, two runs)
  publish 2k rows           0.07×  0.09 s             0.24× 0.076 s   0.27× 0.035 s
  publish 20k rows          0.32×  0.35 s             0.52× 0.286 s   0.57× 0.185 s
  apply 2k new rows         0.09×  (139k fields/s)    0.19× (93k/s)   0.17× (181k/s)
  apply 20k new rows        0.12×  (108k fields/s)    0.23× (168k/s)  0.17× (146k/s)
  round, 10k field updates  0.03×  0.24 s             0.05× 0.36 s    0.04× 0.22 s
  round, 100k field updates 0.03×  4.25 s             0.03× 3.05 s    0.04× 3.13 s
  bytes per field change    8.3 B                     9.5 B (zlib level 3 instead of 6)

Recorded again 2026-11-28 (2 shared cores, load average under 1), « apply » timing the ingest alone;
before: app/sync/merge.py as it was, after: new rows inserted without first probing sync_head, field
updates reading only the stored values they replace, fewer allocations per field (two runs each,
medians of 3, ratio then seconds):
                                   before                        after
  apply 2k new rows                0.24× 0.028 s  0.22× 0.036 s  0.25× 0.035 s  0.25× 0.027 s
  apply 20k new rows               0.20× 0.381 s  0.22× 0.335 s  0.26× 0.357 s  0.29× 0.307 s
  apply 2k rows' field updates     0.04× 0.175 s  0.05× 0.152 s  0.05× 0.176 s  0.04× 0.178 s
  apply 20k rows' field updates    0.04× 2.02 s   0.03× 2.22 s   0.06× 1.76 s   0.04× 2.26 s
  round, 10k field updates         0.04× 0.18 s   0.04× 0.20 s   0.05× 0.19 s   0.04× 0.19 s
  round, 100k field updates        0.04× 1.87 s   0.03× 2.13 s   0.05× 1.97 s   0.04× 1.77 s
  publish 2k / 20k rows (as is)    0.27× / 0.51×  0.28× / 0.56×  0.28× / 0.56×  0.26× / 0.55×
One run differs from the next by more than the change. Timed in one process instead, the two merge.py
alternating on copies of the same database (medians of 7 to 15 ingests), the ingest alone goes from 39
to 37 ms (2k new rows), 393 to 370 ms (20k new rows), 195 to 180 ms (2k rows' updates) and 2.29 to
2.09 s (20k rows' updates): 6 to 9 % less.
The updates stay far from 0.25×: each updated field is its own register (one sync_head row and
one sync_log row, both indexed; 6 per row with the `deleted` re-assertion) where an inserted row is one
image and one '*' head, so an update writes about twelve index entries per row for the baseline's one.
Of the 20k rows' update ingest, these writes alone take about 1 s (120k sync_head rows 0.39 s, 100k
sync_log rows 0.33 s, 20k row updates 0.10 s, the commit 0.14 s) for the baseline's 0.1 s.
From 2026-11-28 (session 4) the update figures are taken against raw upserts of the *existing* rows
(their `DO UPDATE` branch, 1.1–1.4× slower than inserting them), as the applied updates are; before, the
baseline inserted them into an empty table. Runs of that day (medians of 3, 2k / 20k rows), before and
after pausing the cyclic garbage collector during rounds and ingests (app.sync.ingest.gc_paused):
publish 0.28× / 0.60× → 0.28× / 0.74×, new rows 0.26× / 0.29× → 0.27× / 0.39×, field updates
0.04× / 0.05× → 0.08× / 0.08×, rounds of 10k / 100k updates 0.22 s / 2.26 s → 0.17 s / 1.66 s.
Of the 20k rows' update ingest (1.3-1.7 s), SQLite's statements take about 1 s and the merge in Python
0.5 s, for the baseline's 0.07-0.11 s: the register layout, not the code around it, sets the limit.
The update figure also reports the decoding alone (reading, authenticating, decompressing and parsing
the segments, nothing applied): 0.075 s for the 20k rows' updates on 2026-11-28, 0.66× the baseline's
whole time. With the row updates and their commit (about 1× more) that leaves under 2.5× the baseline
for the registers, the history and the merge together if 0.25× is to hold: about 2.5 µs per field.
A throw-away prototype of the storage redesign (same day, same 20k rows' updates: one register row per
object in a WITHOUT ROWID table, one unindexed history row per object and transaction, the merge's
common case only, no conflict handling) took 0.87-1.18 s for the baseline's 0.08-0.13 s: 0.09-0.14×.
Profiled: its three executemany per transaction (object rows, registers, history) 0.25 s, the reads
0.09 s, JSON for registers and history 0.31 s, decoding 0.1 s, the commit 0.1 s. Its SQL alone is
3.5-6× the baseline: any layout keeping registers and history beside the objects stays under 0.25× for
updates, which is why the present per-field layout was kept.
Two throw-away cuts of the present engine (2026-11-29, 20k rows' updates, one run each, against raw
upserts of the existing rows in the same run): without the sync_log lines written at apply (no history
of received changes), 0.08× (0.86 s); without any sync_log line nor sync_head write (no register kept:
not a design, the floor of the rest), 0.16× (0.61 s). Dropping the history alone does not reach 0.25×;
even the reading of the registers, the merge, the decoding, the row writes and the commit take 6× the
baseline here.
The large demo (one transaction of 1,380,890 ops) goes out as 94 parts (65 MB on the share, at most
1 MB each) in 27 s with 197 MB peak memory, and is applied whole on a fresh workstation in 94 s (216 MB).
Its snapshot (2026-11-29, the 1,061 MB base, CLI rounds measured with /usr/bin/time): sealed and
opened whole in memory, the round publishing it peaked at 3.2 GB (37 s) and the new workstation's
bootstrap at 3.1 GB (21 s); sealed and opened a chunk at a time through local temporary files (the same
bytes on the share), 229 MB (26 s, the segments' part) and 167 MB (21 s).
"""

from __future__ import annotations

import os
import random
import shutil
import sqlite3
import statistics
import subprocess
import tempfile
import time
import uuid
from collections.abc import Iterator
from pathlib import Path

from bench.core import REPEAT, Figure

COLUMNS = ("name", "short_name", "siren", "siret", "address")
SIZES = tuple(int(n) for n in os.environ.get("MAILLAGE_BENCH_SYNC_ROWS", "2000,20000").split(","))
Row = tuple[str, ...]  # id, then COLUMNS
SYNC_REPEAT = min(REPEAT, 3)  # each run builds three workstations and writes the rows through capture


def _world(root: Path):  # type: ignore[no-untyped-def]
    os.environ.setdefault("MAILLAGE_HOME", str(root / "home"))
    from app.sync.sim_world import World
    from app.sync.simulate import make_template

    world = World(root, make_template(root), rng=random.Random(1))
    for replica in (world.add_replica(), world.add_replica()):
        world.sync(replica)  # both have joined the share (FORMAT.json, key derived) before any figure
    return world


def _rows(count: int) -> list[tuple[str, ...]]:
    return [(uuid.uuid4().hex, *(f"{c} {i}" for c in COLUMNS)) for i in range(count)]


def _baseline_upserts(
    template: Path, rows: list[Row], scratch: Path, *, existing: list[Row] | None = None
) -> float:
    """Raw sqlite3 executemany upserts of the same rows into the same table, no triggers: the limit.
    With `existing`, those rows are written (untimed) first: the upserts of an update then take their
    `DO UPDATE` branch, as the applied updates do."""
    path = scratch / f"baseline-{uuid.uuid4().hex[:6]}.sqlite"
    shutil.copy(template, path)
    conn = sqlite3.connect(path, isolation_level=None)
    conn.execute("PRAGMA journal_mode=WAL")
    conn.execute("PRAGMA synchronous=FULL")
    for (name,) in conn.execute("SELECT name FROM sqlite_master WHERE type = 'trigger'").fetchall():
        conn.execute(f"DROP TRIGGER {name}")
    cols = ", ".join(("id", *COLUMNS))
    sets = ", ".join(f"{c} = excluded.{c}" for c in COLUMNS)
    upsert = (f"INSERT INTO organisation({cols}) VALUES (?, ?, ?, ?, ?, ?) "
              f"ON CONFLICT(id) DO UPDATE SET {sets}")
    if existing:
        conn.execute("BEGIN")
        conn.executemany(upsert, existing)
        conn.execute("COMMIT")
    started = time.perf_counter()
    conn.execute("BEGIN")
    conn.executemany(upsert, rows)
    conn.execute("COMMIT")
    elapsed = time.perf_counter() - started
    conn.close()
    return elapsed


def _write(world, replica, rows: list[tuple[str, ...]], *, update: bool) -> None:  # type: ignore[no-untyped-def]
    cols = ", ".join(("id", *COLUMNS))
    sql = (f"UPDATE organisation SET {', '.join(f'{c} = ?' for c in COLUMNS)} WHERE id = ?" if update
           else f"INSERT INTO organisation({cols}) VALUES (?, ?, ?, ?, ?, ?)")
    params = [(*r[1:], r[0]) for r in rows] if update else rows
    for start in range(0, len(params), 500):  # transactions of 500 rows, like an import
        world.write(replica, *[(sql, p) for p in params[start:start + 500]])


def _timed_round(world, replica) -> float:  # type: ignore[no-untyped-def]
    """The app's round alone (app.sync.round.run_round on a plain Share): the simulator's wrapper, its
    fault-injecting share and its I6 check (a second connection) are left out of the timing. The
    database stays open meanwhile, as in the app (SyncController): the round's connection is then not
    the last one, and its close does not checkpoint the WAL, just as the baseline's checkpoint (at its
    close) is not timed either."""
    from app.sync.round import run_round

    app_connection = sqlite3.connect(replica.path)
    app_connection.execute("SELECT count(*) FROM sync_state").fetchone()  # opened for real (WAL, shm)
    try:
        started = time.perf_counter()
        run_round(replica.path, world.share_dir, world.passphrase)
        return time.perf_counter() - started
    finally:
        app_connection.close()


def _timed_ingest(world, replica) -> float:  # type: ignore[no-untyped-def]
    """The apply step alone, SYNC.md's « field changes per second ingested »: app.sync.ingest.ingest_all
    on a connection opened and prepared as a round does (app.sync.round.connect, prepare), the key
    derived beforehand (open_format) on a plain Share. Listing, reading, verifying, decoding and
    applying the segments are timed; the round's other steps (publish, heartbeat, garbage collection)
    and the connection's close are not."""
    from app.sync.ingest import ingest_all
    from app.sync.round import connect, prepare
    from app.sync.share import Share
    from app.sync.share_format import open_format

    share = Share(world.share_dir)
    conn = connect(replica.path)
    try:
        me = prepare(conn)
        key = open_format(share, world.passphrase)
        started = time.perf_counter()
        report = ingest_all(conn, share, key, me)
        elapsed = time.perf_counter() - started
    finally:
        conn.close()
    if not report.received or report.quarantined or report.waiting:
        raise RuntimeError(f"ingest timed nothing or not all: {report}")
    return elapsed


def _segment_files(world) -> set[Path]:  # type: ignore[no-untyped-def]
    return set((world.share_dir / "maillage-sync" / "replicas").glob("*/seg/*.chg"))


def _timed_decode(world, files: list[Path]) -> float:  # type: ignore[no-untyped-def]
    """Reading, authenticating, decompressing and parsing these segments, nothing applied: the share of
    an ingest that any storage layout pays (the floor under the update figure)."""
    from app.sync.ingest import gc_paused
    from app.sync.segment import decode
    from app.sync.share import Share
    from app.sync.share_format import open_format

    key = open_format(Share(world.share_dir), world.passphrase)
    started = time.perf_counter()
    with gc_paused():
        for path in files:
            decode(key, path.name, path.read_bytes(), path.parent.parent.name)
    return time.perf_counter() - started


def _share_bytes(world) -> int:  # type: ignore[no-untyped-def]
    return sum(p.stat().st_size for p in (world.share_dir / "maillage-sync").rglob("*.chg"))


def _measure(count: int, scratch: Path) -> dict[str, float]:
    """One run (seconds): the baseline, publish (workstation a), the ingest alone of the new rows then
    of their update (b), and the end-to-end round of the same update on a third workstation (c, which
    joins and receives the rows in an untimed round once the new rows are measured)."""
    world = _world(scratch)
    a, b = world.replicas
    rows = _rows(count)
    _write(world, a, rows, update=False)
    found = {"baseline": _baseline_upserts(world.template, rows, scratch)}
    found["publish"] = _timed_round(world, a)
    found["apply"] = _timed_ingest(world, b)
    found["bytes"] = _share_bytes(world)
    c = world.add_replica()
    world.sync(c)
    updated = [(r[0], *(f"{v}+" for v in r[1:])) for r in rows]
    found["baseline_update"] = _baseline_upserts(world.template, updated, scratch, existing=rows)
    published = _segment_files(world)
    _write(world, a, updated, update=True)
    world.sync(a)
    found["decode_update"] = _timed_decode(world, sorted(_segment_files(world) - published))
    found["apply_update"] = _timed_ingest(world, b)
    found["round_update"] = _timed_round(world, c)
    shutil.rmtree(scratch, ignore_errors=True)
    return found


def _throughput(count: int, scratch: Path) -> Iterator[Figure]:
    """Medians over SYNC_REPEAT runs, each ratio taken against the baseline of its own run."""
    runs = [_measure(count, scratch / f"w{count}-{i}") for i in range(SYNC_REPEAT)]
    fields = count * len(COLUMNS)

    def ratio(what: str, baseline: str = "baseline") -> tuple[float, float, float]:
        median = statistics.median(r[baseline] / r[what] for r in runs)
        took, base = (statistics.median(r[k] for r in runs) for k in (what, baseline))
        return median, took, base

    value, took, base = ratio("publish")
    yield Figure(f"sync_publish_{count}_rows", value, 0.25, "×",
                 f"{fields} field changes published in {took:.3f} s; raw upserts {base:.3f} s "
                 f"(medians of {len(runs)})", higher_is_better=True)
    value, took, base = ratio("apply")
    yield Figure(f"sync_apply_{count}_new_rows", value, 0.25, "×",
                 f"ingest alone {took:.3f} s, {fields / took:.0f} field changes/s; "
                 f"raw upserts {fields / base:.0f}/s", higher_is_better=True)
    yield Figure(f"sync_share_bytes_per_field_change_{count}", runs[0]["bytes"] / fields, 64, " B")
    value, took, base = ratio("apply_update", "baseline_update")
    decoding = statistics.median(r["decode_update"] for r in runs)
    yield Figure(f"sync_apply_{count}_field_updates", value, 0.25, "×",
                 f"ingest alone {took:.3f} s, {fields / took:.0f} field changes/s, of which reading and "
                 f"decoding the segments {decoding:.3f} s ({decoding / base:.2f}× the baseline alone); "
                 f"raw upserts of the existing rows {fields / base:.0f}/s", higher_is_better=True)
    ingest = statistics.median(r["apply_update"] for r in runs)
    value, took, base = ratio("round_update", "baseline_update")
    yield Figure(f"sync_round_{fields}_remote_field_updates", value, 0.25, "×",
                 f"end-to-end round {took:.2f} s ({fields / took:.0f} field changes/s), "
                 f"ingest alone {ingest:.2f} s; raw upserts {base:.3f} s", higher_is_better=True)


def _bootstrap(scratch: Path, size: str) -> Iterator[Figure]:
    """A new workstation joins a share holding a snapshot of the demo database of `size`."""
    from app.sync.round import connect
    from bench.core import demo_db

    root = scratch / f"boot-{size}"
    os.environ.setdefault("MAILLAGE_HOME", str(root / "home"))
    from app.sync.sim_world import World
    from app.sync.simulate import make_template

    world = World(root, make_template(root), rng=random.Random(1))
    a = world.add_replica(source=demo_db(size))  # the demo starts the share (a demo never joins one)
    world.sync(a, snapshot=True)
    fresh = world.add_replica()
    started = time.perf_counter()
    world.sync(fresh)
    elapsed = time.perf_counter() - started
    copy_started = time.perf_counter()
    shutil.copy(a.path, scratch / "plain-copy.sqlite")
    copy_s = time.perf_counter() - copy_started
    conn = connect(fresh.path)
    rows = conn.execute("SELECT count(*) FROM project").fetchone()[0]
    conn.close()
    size_mb = a.path.stat().st_size / 1e6
    yield Figure(f"sync_bootstrap_{size}_demo", elapsed, 30.0 if size == "small" else 120.0, " s",
                 f"{size_mb:.1f} MB database, {rows} projects; a plain file copy takes {copy_s:.3f} s")


# The CLI, reporting its own high-water mark (VmHWM) as it exits. Not the rusage of the child: spawned
# from this process (vfork), its ru_maxrss starts at this process's size (178 MB here) whatever it uses.
_PEAK_CLI = """
import atexit, os, runpy, sys
def _peak():
    with open('/proc/self/status') as status:
        kb = next(int(line.split()[1]) for line in status if line.startswith('VmHWM:'))
    with open(os.environ['MAILLAGE_BENCH_PEAK'], 'w') as out:
        out.write(str(kb))
atexit.register(_peak)
sys.argv[0] = 'maillage'
runpy.run_module('app', run_name='__main__', alter_sys=True)
"""


def _peak_mb(db: Path, args: tuple[str, ...], home: Path) -> float:
    """The peak resident memory of `python -m app --db DB ARGS…` (the CLI, as users run it), in MB."""
    from bench.core import ROOT, python_command

    peak = home.parent / f"peak-{uuid.uuid4().hex[:6]}"
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "MAILLAGE_HOME": str(home),
           "MAILLAGE_BENCH_PEAK": str(peak)}
    command = python_command("-c", _PEAK_CLI, "--db", str(db), *args)
    done = subprocess.run(command, cwd=ROOT, env=env, capture_output=True, text=True, check=False)
    if done.returncode != 0:
        raise RuntimeError(f"{' '.join(args)} failed: {done.stderr[-2000:]}")
    return int(peak.read_text()) / 1024


def _snapshot_memory(scratch: Path, size: str) -> Iterator[Figure]:
    """Peak memory of the CLI round that publishes a snapshot of the demo of `size` (with its segments),
    then of the round that loads it on a new workstation: sealed and opened a chunk at a time, they stay
    far under the base's size (3.2 and 3.1 GB for the 1 GB large demo when it was held whole)."""
    from bench.core import demo_db

    root = scratch / f"memory-{size}"
    (root / "share").mkdir(parents=True)
    (root / "phrase").write_text("phrase secrète du banc d'essai\n", encoding="utf-8")
    shutil.copy(demo_db(size), root / "a.sqlite")
    base_mb = (root / "a.sqlite").stat().st_size / 1e6
    sync = ("sync", "--share", str(root / "share"), "--passphrase-file", str(root / "phrase"))
    published = _peak_mb(root / "a.sqlite", (*sync, "--snapshot"), root / "home")
    loaded = _peak_mb(root / "fresh.sqlite", sync, root / "home")
    shutil.rmtree(root, ignore_errors=True)
    yield Figure(f"sync_snapshot_publish_peak_memory_{size}_demo", published, 512, " MB",
                 f"{base_mb:.0f} MB database, its segments and its snapshot published")
    yield Figure(f"sync_bootstrap_peak_memory_{size}_demo", loaded, 512, " MB",
                 f"a new workstation loading the snapshot of the {base_mb:.0f} MB database")


def _form_save_p95(scratch: Path) -> Iterator[Figure]:
    """ORM save of one project field, with the capture triggers and stamping, against the same without."""
    from app import db
    from app.models.project import Project
    from app.sync.simulate import make_template

    timings: dict[bool, list[float]] = {}
    for capture in (True, False):
        path = scratch / f"form-{capture}.sqlite"
        shutil.copy(make_template(scratch / f"form-tpl-{capture}"), path)
        if not capture:
            conn = sqlite3.connect(path)
            for (name,) in conn.execute("SELECT name FROM sqlite_master WHERE type = 'trigger'").fetchall():
                conn.execute(f"DROP TRIGGER {name}")
            conn.commit()
            conn.close()
        db.init_engine(path)
        with db.unit_of_work() as session:
            project = Project(title="Jardin")
            session.add(project)
        samples = []
        for i in range(200):
            started = time.perf_counter()
            with db.unit_of_work() as session:
                session.get(Project, project.id).title = f"Jardin {i}"  # type: ignore[union-attr]
            samples.append(time.perf_counter() - started)
        timings[capture] = samples
        db.dispose()
    p95 = {k: statistics.quantiles(v, n=20)[-1] for k, v in timings.items()}
    yield Figure("sync_capture_form_save_p95", p95[True] / p95[False], 2.0, "×",
                 f"p95 {p95[True] * 1000:.1f} ms with capture, {p95[False] * 1000:.1f} ms without")


def figures() -> Iterator[Figure]:
    with tempfile.TemporaryDirectory(prefix="maillage-bench-sync-") as scratch:
        root = Path(scratch)
        for count in SIZES:
            yield from _throughput(count, root)
        yield from _form_save_p95(root)
        yield from _bootstrap(root, "small")
        yield from _snapshot_memory(root, "small")
        if os.environ.get("MAILLAGE_BENCH_SYNC_LARGE", "1") != "0":  # a few minutes: 0 skips it
            yield from _bootstrap(root, "large")
            yield from _snapshot_memory(root, "large")
