"""The Qt user interface. Importing this package applies the PySide6 workaround below first."""

from __future__ import annotations

import ctypes
import sys

# PySide6/shiboken6 6.12.0 under CPython 3.11 hands back None from every void call (setText,
# processEvents, QTimer.singleShot...) and True from bool signal arguments without taking a new
# reference: each call takes one from the singleton, and after a few thousand calls the interpreter
# aborts ("none_dealloc: deallocating None", "bool_dealloc"). CPython 3.12 made these objects immortal
# (PEP 683); do the same here by giving them a reference count no program can exhaust. Remove when the
# pinned PySide6 or Python moves on.
_IMMORTAL = 1 << 40
if sys.version_info < (3, 12):
    for _singleton in (None, True, False):
        if sys.getrefcount(_singleton) < _IMMORTAL // 2:
            ctypes.c_ssize_t.from_address(id(_singleton)).value += _IMMORTAL
