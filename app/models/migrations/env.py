"""Alembic environment: always driven from app.db_open with a live connection (batch mode for SQLite)."""

from __future__ import annotations

from alembic import context

from app.models import Base

connection = context.config.attributes.get("connection")
if connection is None:  # `alembic revision --autogenerate` from the dev tool: a scratch engine
    from pathlib import Path

    from app.db import create_app_engine

    engine = create_app_engine(Path(context.config.get_main_option("scratch_db", "scratch.sqlite")))
    connection = engine.connect()

context.configure(
    connection=connection,
    target_metadata=Base.metadata,
    render_as_batch=True,
    compare_type=True,
)
with context.begin_transaction():
    context.run_migrations()
