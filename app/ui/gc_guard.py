"""Python's cyclic garbage collector runs on the GUI thread only (Anki's GarbageCollector).

Left automatic, the collector runs in whichever thread happens to allocate: a worker thread may then
destroy cyclic garbage holding Qt widgets, which crashes Qt. So automatic collection is off and a timer
on the GUI thread collects when the allocation counters say so.
"""

from __future__ import annotations

import gc

from PySide6.QtCore import QObject, QTimer, Slot

INTERVAL_MS = 1000


class GuiThreadCollector(QObject):
    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._threshold = gc.get_threshold()
        gc.disable()
        self._timer = QTimer(self)
        self._timer.setInterval(INTERVAL_MS)
        self._timer.timeout.connect(self._on_timer_timeout)
        self._timer.start()

    @Slot()
    def _on_timer_timeout(self) -> None:
        counts = gc.get_count()
        if counts[0] < self._threshold[0]:
            return
        if counts[2] >= self._threshold[2]:
            gc.collect(2)
        elif counts[1] >= self._threshold[1]:
            gc.collect(1)
        else:
            gc.collect(0)


def install_gc_guard(owner: QObject) -> GuiThreadCollector:
    """Once per application: the collector lives as long as `owner` (the QApplication)."""
    existing = owner.findChild(GuiThreadCollector)
    return existing if isinstance(existing, GuiThreadCollector) else GuiThreadCollector(owner)
