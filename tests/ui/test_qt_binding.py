"""The Qt binding we ship against must not lose references to None or True.

PySide6 6.12.0 on Python 3.11 returns Py_None from void methods and Py_True from
SignalInstance.emit() without a new reference, so a long session aborts with "deallocating
None". pyproject.toml excludes it; this test fails if an install picks up such a release.
"""

from __future__ import annotations

import sys

from PySide6.QtCore import QObject, Signal


class _Probe(QObject):
    ping = Signal()


def test_void_calls_and_emits_keep_the_reference_counts_of_none_and_true(qapp) -> None:
    probe = _Probe()
    none_before, true_before = sys.getrefcount(None), sys.getrefcount(True)
    for _ in range(1000):
        probe.setObjectName("probe")
        probe.ping.emit()
    assert sys.getrefcount(None) >= none_before - 50
    assert sys.getrefcount(True) >= true_before - 50
