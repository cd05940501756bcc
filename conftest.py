"""Test-wide setup: Qt runs offscreen so plain `pytest` passes with no display."""

import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
