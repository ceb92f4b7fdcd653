"""Test-wide set-up lives in tests/settings.py: a test run gets a throw-away data folder (keys,
uploaded documents, cache, audit anchors) before anything reads the settings."""
