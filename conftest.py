"""Test-wide setup: Qt runs offscreen so plain `pytest` passes with no display."""

import os
import tempfile

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
# What the app caches between starts (the family catalogue) goes to a folder of this run's.
os.environ["XDG_CACHE_HOME"] = tempfile.mkdtemp(prefix="backprop-quiz-test-cache-")
