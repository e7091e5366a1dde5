"""SQLAlchemy mapped classes, one module per aggregate. Importing this package registers them all."""

from app.models import (  # noqa: F401
    body,
    diagnostic,
    document,
    evaluation,
    framework,
    funding,
    geography,
    meeting,
    organisation,
    pool,
    project,
    settings,
    sync,
)
from app.models.base import Base, Local, Synced

__all__ = ["Base", "Local", "Synced"]
