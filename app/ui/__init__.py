"""The Qt user interface. Importing this package applies the PySide6 workaround below first."""

from __future__ import annotations

import ctypes
import sys

# PySide6/shiboken6 6.12.0 under CPython 3.11 returns None from every void method (setText,
# processEvents, QTimer.singleShot...) without taking a new reference: each call takes one from None,
# and after a few thousand calls the interpreter aborts with "none_dealloc: deallocating None".
# CPython 3.12 made None immortal (PEP 683); do the same here by giving it a reference count no
# program can exhaust. Remove when the pinned PySide6 or Python moves on.
_IMMORTAL = 1 << 40
if sys.version_info < (3, 12) and sys.getrefcount(None) < _IMMORTAL // 2:
    ctypes.c_ssize_t.from_address(id(None)).value += _IMMORTAL
