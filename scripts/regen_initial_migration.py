"""Regenerate the initial revision (0001) from the models.

Only while no database made by a released version exists: once 0.1.0 ships (tests/migrations/fixtures
holds its database), every schema change is a new revision made with `alembic revision --autogenerate`.
"""

from __future__ import annotations

import re
import tempfile
from pathlib import Path

from alembic import command

from app.db_open import alembic_config

VERSIONS = Path(__file__).resolve().parents[1] / "app" / "models" / "migrations" / "versions"


FIXTURES = Path(__file__).resolve().parents[1] / "tests" / "migrations" / "fixtures"


def main() -> None:
    if any(FIXTURES.glob("*.sqlite.xz")):
        raise SystemExit("0.1.0 is released (tests/migrations/fixtures): make a new revision with "
                         "`alembic revision --autogenerate` instead of rewriting 0001.")
    for old in VERSIONS.glob("0001_*.py"):
        old.unlink()
    config = alembic_config()
    with tempfile.TemporaryDirectory() as scratch:
        config.set_main_option("scratch_db", str(Path(scratch) / "scratch.sqlite"))
        command.revision(config, message="initial schema", autogenerate=True, rev_id="0001")
    path = next(VERSIONS.glob("0001_*.py"))
    text = path.read_text()
    text = text.replace("app.models.base.DecimalText(length=40)", "sa.String(length=40)")
    text = re.sub(r"Create Date: .*", "Create Date: 2026-11-27", text)
    path.write_text(text)
    print(f"regenerated {path.name}")


if __name__ == "__main__":
    main()
