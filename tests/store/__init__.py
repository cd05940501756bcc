"""Tests of app.store (a package so its module names cannot clash with other test folders)."""
