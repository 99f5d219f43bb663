"""Shared fixtures for the engine tests: the Python binding over the built library."""
import os
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "bindings" / "python"))

import rampart  # noqa: E402


@pytest.fixture
def db():
    """A fresh in-memory assessment."""
    with rampart.open() as a:
        yield a
