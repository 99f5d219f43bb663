"""Python bindings for Rampart, an engine for critical-infrastructure risk assessment.

Rampart keeps an assessment (assets, dependencies, threats, vulnerabilities, measures...)
in a file or in memory and is driven by a small command language. These bindings call the
Rampart shared library (librampart) through ctypes.

Example::

    import rampart

    with rampart.open() as a:                       # in-memory assessment
        a.exec('asset add tpp-1 name="North TPP" sector=energy population=1.2M recovery=30d')
        r = a.exec("asset list where sector = energy order by population desc limit 5")
        for row in r.to_dicts():
            print(row["id"], row["population"], row["recovery"])   # recovery in hours

The shared library is located on first use (see ``rampart._lib`` for the lookup order; the
``RAMPART_LIBRARY`` environment variable overrides it). When it cannot be found,
:class:`LibraryNotFound` is raised.
"""

from ._core import (
    INTEGER,
    NULL,
    REAL,
    TEXT,
    Assessment,
    Result,
    errstr,
    is_complete,
    open,
    version,
    version_number,
)
from ._lib import ENV_VAR, LibraryNotFound, library_path
from .errors import (
    AbortError,
    BusyError,
    ConstraintError,
    CorruptError,
    DeniedError,
    EncodingError,
    Error,
    FileError,
    Interrupted,
    MisuseError,
    NotFound,
    ParseError,
    RangeError,
    ReadOnlyError,
    TooNewError,
)

#: Version of these bindings (the library's version is :func:`version`).
__version__ = "0.1.0"

__all__ = [
    "open", "Assessment", "Result", "is_complete", "version", "version_number", "errstr",
    "library_path", "ENV_VAR", "INTEGER", "REAL", "TEXT", "NULL",
    "Error", "ParseError", "NotFound", "ConstraintError", "RangeError", "FileError",
    "CorruptError", "TooNewError", "ReadOnlyError", "DeniedError", "Interrupted",
    "EncodingError", "BusyError", "MisuseError", "AbortError", "LibraryNotFound",
]
