"""Shared set-up of the Rampart binding tests.

The tests import the package from this source tree, so they run without installing it.
"""

import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import rampart  # noqa: E402


@pytest.fixture
def db():
    """A fresh in-memory assessment, closed after the test."""
    with rampart.open() as a:
        yield a


@pytest.fixture
def grid(db):
    """An in-memory assessment holding a few assets, a dependency and a threat."""
    db.exec([
        'asset add tpp-1 name="North TPP" sector=energy kind=generation population=1.2M recovery=30d economic_value=2M',
        'asset add sub-a name="Substation A" sector=energy population=250k recovery=3d',
        'asset add sub-b name="Substation B" sector=energy population=90k recovery=12h',
        'asset add water-1 name="Water works" sector=water population=400k recovery=2d',
        "dep add water-1 -> tpp-1 kind=physical strength=0.9 delay=12h",
        'threat add vbied name="Vehicle bomb" modality=vbied frequency=0.02/yr fatality_rate=5%',
    ])
    return db
