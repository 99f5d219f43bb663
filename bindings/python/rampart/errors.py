"""Exceptions raised by the Rampart bindings, one class per status code of the C API.

Every failure reported by the library is raised as an instance of :class:`Error` (or the
subclass matching its status code), carrying the numeric ``code`` and the library's
``message``.
"""

from ._lib import LibraryNotFound

__all__ = [
    "OK", "ERROR", "MISUSE", "PARSE", "NOTFOUND", "CONSTRAINT", "RANGE", "IO", "CORRUPT",
    "TOONEW", "READONLY", "DENIED", "INTERRUPTED", "NOMEM", "ENCODING", "BUSY", "ABORT",
    "Error", "ParseError", "NotFound", "ConstraintError", "RangeError", "FileError",
    "CorruptError", "TooNewError", "ReadOnlyError", "DeniedError", "Interrupted",
    "EncodingError", "BusyError", "MisuseError", "AbortError", "LibraryNotFound",
    "error_class",
]

# Status codes of rampart.h (append-only; values never change).
OK = 0
ERROR = 1
MISUSE = 2
PARSE = 3
NOTFOUND = 4
CONSTRAINT = 5
RANGE = 6
IO = 7
CORRUPT = 8
TOONEW = 9
READONLY = 10
DENIED = 11
INTERRUPTED = 12
NOMEM = 13
ENCODING = 14
BUSY = 15
ABORT = 16


class Error(Exception):
    """A failure reported by Rampart, with its status ``code`` and ``message``."""

    #: The status code this class stands for (RAMPART_ERROR for the base class).
    default_code = ERROR

    def __init__(self, message, code=None):
        self.code = self.default_code if code is None else int(code)
        self.message = message
        super().__init__(message)

    def __str__(self):
        return self.message

    def __repr__(self):
        return "%s(%r, code=%d)" % (type(self).__name__, self.message, self.code)


class MisuseError(Error):
    """The API was used wrongly: closed handle, bad argument or index."""

    default_code = MISUSE


class ParseError(Error):
    """A command could not be parsed (syntax error or unknown word)."""

    default_code = PARSE


class NotFound(Error):
    """An id names nothing in the assessment."""

    default_code = NOTFOUND


class ConstraintError(Error):
    """A change was refused to keep the assessment consistent (duplicate id, still in use)."""

    default_code = CONSTRAINT


class RangeError(Error):
    """A value is out of range or has the wrong unit."""

    default_code = RANGE


class FileError(Error):
    """A file could not be read or written (RAMPART_IO)."""

    default_code = IO


class CorruptError(Error):
    """A file is not a Rampart assessment or is damaged; it was left untouched."""

    default_code = CORRUPT


class TooNewError(Error):
    """A file was written by a newer version of Rampart."""

    default_code = TOONEW


class ReadOnlyError(Error):
    """A change was attempted on an assessment opened read-only."""

    default_code = READONLY


class DeniedError(Error):
    """File access was refused by safe mode."""

    default_code = DENIED


class Interrupted(Error):
    """The command was stopped by :meth:`Assessment.interrupt`; it changed nothing."""

    default_code = INTERRUPTED


class EncodingError(Error, ValueError):
    """Text is not valid UTF-8 (or cannot be passed as a C string)."""

    default_code = ENCODING


class BusyError(Error):
    """The handle is being used by another thread."""

    default_code = BUSY


class AbortError(Error):
    """A row callback asked execution to stop."""

    default_code = ABORT


_BY_CODE = {
    cls.default_code: cls
    for cls in (
        MisuseError, ParseError, NotFound, ConstraintError, RangeError, FileError,
        CorruptError, TooNewError, ReadOnlyError, DeniedError, Interrupted, EncodingError,
        BusyError, AbortError,
    )
}


def error_class(code):
    """The exception class for a status code (:class:`Error` for codes without their own)."""
    return _BY_CODE.get(code, Error)
