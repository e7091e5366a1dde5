"""The daily rotating log file in the user log dir, for the window and for every CLI command alike (a
scheduled `sync` leaves its trail there too; stderr keeps its own verbosity)."""

from __future__ import annotations

import logging
from logging.handlers import TimedRotatingFileHandler
from pathlib import Path

from app.config import log_dir


def install_logging() -> Path:
    """The log file of the current log dir on the root logger, once (14 days kept); returns its path.
    A journal of another dir (MAILLAGE_HOME changed in the same process: tests) is replaced."""
    path = log_dir() / "maillage.log"
    root = logging.getLogger()
    for old in [h for h in root.handlers if isinstance(h, TimedRotatingFileHandler)]:
        if old.baseFilename == str(path.absolute()):
            return path
        root.removeHandler(old)
        old.close()
    for stream in root.handlers:  # the CLI's stderr handler keeps its verbosity
        if stream.level == logging.NOTSET:
            stream.setLevel(root.level)
    handler = TimedRotatingFileHandler(path, when="midnight", backupCount=14, encoding="utf-8")
    handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
    root.addHandler(handler)
    root.setLevel(min(root.level or logging.INFO, logging.INFO))
    return path
