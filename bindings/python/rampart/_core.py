"""Assessments and results: the Python face of the Rampart C API."""

import json
import math
import os
import threading
import weakref
from ctypes import POINTER, byref, c_double, c_int, c_size_t, c_void_p, string_at

from . import _lib
from .errors import (
    BUSY,
    ENCODING,
    MISUSE,
    OK,
    EncodingError,
    MisuseError,
    error_class,
)

try:  # numpy is optional; it only speeds up Result.column().
    import numpy as _np
except ImportError:  # pragma: no cover - exercised only without numpy
    _np = None

__all__ = [
    "Assessment", "Result", "open", "is_complete", "version", "version_number", "errstr",
    "INTEGER", "REAL", "TEXT", "NULL",
]

# Storage classes of columns and cells.
INTEGER = 1
REAL = 2
TEXT = 3
NULL = 5

_TYPE_NAMES = {INTEGER: "integer", REAL: "real", TEXT: "text"}

# Flags of rampart_open().
_OPEN_READONLY = 0x1
_OPEN_CREATE = 0x2
_OPEN_SAFE = 0x4

# Integers up to this magnitude survive a round trip through a double exactly.
_EXACT_DOUBLE = 2 ** 53


# ---- Text helpers ---------------------------------------------------------------------------

def _encode(value, what="text"):
    """Convert a str, bytes-like or path to the NUL-terminated UTF-8 bytes the C API takes.

    A str that cannot be encoded (a lone surrogate) raises EncodingError. Bytes are passed
    unchanged, so the library itself refuses invalid UTF-8. An embedded NUL, which a C string
    cannot carry, raises EncodingError rather than silently cutting the text short.
    """
    if isinstance(value, os.PathLike):
        value = os.fspath(value)
    if isinstance(value, str):
        try:
            data = value.encode("utf-8")
        except UnicodeEncodeError as exc:
            raise EncodingError(
                "%s is not valid Unicode: %s at position %d cannot be encoded as UTF-8"
                % (what, ascii(value[exc.start:exc.end]), exc.start),
                ENCODING,
            ) from None
    elif isinstance(value, (bytes, bytearray, memoryview)):
        data = bytes(value)
    else:
        raise TypeError("%s must be str or bytes, not %s" % (what, type(value).__name__))
    if b"\0" in data:
        raise EncodingError("%s contains a NUL character, which cannot be passed to Rampart" % what, ENCODING)
    return data


def _commands(commands):
    """Commands as bytes: a string, or an iterable of strings joined by newlines."""
    if isinstance(commands, (str, bytes, bytearray, memoryview)):
        return _encode(commands, "commands")
    try:
        parts = list(commands)
    except TypeError:
        raise TypeError("commands must be a string or an iterable of strings, not %s"
                        % type(commands).__name__) from None
    return b"\n".join(_encode(p, "commands") for p in parts)


def _as_list(array, code):
    """A ctypes array of C ints ("i") or doubles ("d") as a list, converted in C."""
    return memoryview(array).cast("B").cast(code).tolist()


def _decode(data):
    """Decode bytes returned by the library (UTF-8 by contract); None stays None."""
    if data is None:
        return None
    return data.decode("utf-8", "replace")


def _lines(data):
    text = _decode(data) or ""
    return text.split("\n") if text else []


def _take_owned(lib, ptr):
    """Copy and free a string the library handed over through a `char **out`."""
    if not ptr.value:
        return None
    try:
        return string_at(ptr.value)
    finally:
        lib.rampart_free(ptr.value)
        ptr.value = None


# ---- Module functions -----------------------------------------------------------------------

def version():
    """The version of the linked Rampart library, e.g. ``"0.1.0"``."""
    return _decode(_lib.load().rampart_libversion())


def version_number():
    """The linked library's version as MAJOR * 1000000 + MINOR * 1000 + PATCH."""
    return _lib.load().rampart_libversion_number()


def errstr(code):
    """A short English description of a status code, e.g. ``"not found"``."""
    return _decode(_lib.load().rampart_errstr(int(code)))


def is_complete(text):
    """Whether ``text`` holds only complete commands (False when more input is needed).

    A REPL keeps reading lines until this returns True. Raises EncodingError for text that
    is not valid UTF-8.
    """
    rc = _lib.load().rampart_complete(_encode(text))
    if rc < 0:
        raise EncodingError("text is not valid UTF-8", ENCODING)
    return rc == 1


def open(path=None, *, readonly=False, create=True, safe=False):  # noqa: A001 - mirrors sqlite3-style APIs
    """Open an assessment file, or an in-memory assessment when ``path`` is None.

    ``readonly`` refuses every change (the file must exist); ``create`` creates a missing file
    (otherwise a missing file raises FileError); ``safe`` refuses file access beyond the
    assessment itself (import, export and save raise DeniedError).
    """
    return Assessment(path, readonly=readonly, create=create, safe=safe)


# ---- Assessment -----------------------------------------------------------------------------

class Assessment:
    """An open Rampart assessment (a handle of the C API).

    Use it as a context manager to close it on exit. One assessment may be used by one
    thread at a time (a concurrent call raises BusyError); :meth:`interrupt` may be called
    from any thread.
    """

    def __init__(self, path=None, *, readonly=False, create=True, safe=False):
        """Open ``path`` (None or ":memory:" for an in-memory assessment); see :func:`open`."""
        self._db = None
        self._life = threading.Lock()
        self._results = weakref.WeakSet()
        # An exception the progress callback raised, re-raised by the call that ran the command.
        self._progress_failure = None
        lib = _lib.load()
        self._lib = lib
        self.path = None if path is None else os.fspath(path)
        self.readonly = bool(readonly)
        self.safe = bool(safe)
        flags = 0
        if readonly:
            flags |= _OPEN_READONLY
        elif create:
            flags |= _OPEN_CREATE
        if safe:
            flags |= _OPEN_SAFE
        cpath = None if path is None else _encode(path, "path")
        out = c_void_p()
        rc = lib.rampart_open(byref(out), cpath, flags)
        if rc != OK:
            message = None
            if out.value:
                message = _decode(lib.rampart_errmsg(out.value))
                lib.rampart_close(out.value)
            raise error_class(rc)(message or errstr(rc), rc)
        self._db = out.value

    # -- lifecycle --

    @property
    def closed(self):
        """True once :meth:`close` has run."""
        return self._db is None

    def _handle(self):
        db = self._db
        if db is None:
            raise MisuseError("the assessment is closed", MISUSE)
        return db

    def _error(self, rc, db):
        message = _decode(self._lib.rampart_errmsg(db))
        if not message or message == "not an error":
            message = errstr(rc)
        return error_class(rc)(message, rc)

    def _check(self, rc, db):
        self._reraise_progress_failure()
        if rc != OK:
            raise self._error(rc, db)

    def _reraise_progress_failure(self):
        failure, self._progress_failure = self._progress_failure, None
        if failure is not None:
            raise failure

    def close(self):
        """Close the assessment. Results made from it keep their data. Closing twice is harmless."""
        with self._life:
            db = self._db
            if db is None:
                return
            for result in list(self._results):
                result._detach(keep=True)
            rc = self._lib.rampart_close(db)
            if rc == BUSY:
                raise self._error(rc, db)
            # Any other failure means the library no longer considers the handle open.
            self._db = None

    def __enter__(self):
        self._handle()
        return self

    def __exit__(self, exc_type, exc, tb):
        self.close()
        return False

    def __del__(self):
        try:
            if getattr(self, "_db", None) is not None:
                self.close()
        except Exception:
            pass

    def __repr__(self):
        state = "closed" if self._db is None else "open"
        where = self.path if self.path is not None else ":memory:"
        return "<rampart.Assessment %s %s>" % (where, state)

    # -- running commands --

    def exec(self, commands):
        """Run commands (a string, or a list of strings) and return a typed :class:`Result`.

        The result is that of the last command that produced a table, together with the
        output, notes and warnings of all commands. Execution stops at the first failing
        command, which raises; earlier commands keep their effect.
        """
        text = _commands(commands)
        db = self._handle()
        out = c_void_p()
        rc = self._lib.rampart_query(byref(out), db, text)
        if rc != OK or self._progress_failure is not None:
            if out.value:
                self._lib.rampart_result_free(out.value)
            self._check(rc, db)
        result = Result._wrap(self, out.value)
        self._results.add(result)
        return result

    def exec_json(self, commands):
        """Run commands and return every command's result as a list of dicts.

        Each dict has ``command``, ``columns`` (dicts with ``name``, ``type``, ``unit``),
        ``rows`` (raw values in stored units), ``output``, ``notes``, ``warnings`` and
        ``changes``.
        """
        text = _commands(commands)
        db = self._handle()
        out = c_void_p()
        rc = self._lib.rampart_exec_json(byref(out), db, text)
        data = _take_owned(self._lib, out)
        self._check(rc, db)
        return json.loads(data.decode("utf-8"))["results"] if data else []

    def run(self, commands, callback=None):
        """Run commands, calling ``callback(values, names)`` for every row of every table.

        ``values`` are the cells as display text (None for empty cells) and ``names`` the
        column names. A callback returning a true value stops execution with AbortError; an
        exception raised by the callback stops execution and is re-raised.
        """
        text = _commands(commands)
        db = self._handle()
        if callback is None:
            rc = self._lib.rampart_exec(db, text, _lib.ROW_CALLBACK(), None)
            self._check(rc, db)
            return
        failure = []

        def trampoline(_payload, ncols, values, names):
            try:
                row = [_decode(values[i]) for i in range(ncols)]
                cols = [_decode(names[i]) for i in range(ncols)]
                return 1 if callback(row, cols) else 0
            except BaseException as exc:  # stop the engine and re-raise after it returns
                failure.append(exc)
                return 1

        c_callback = _lib.ROW_CALLBACK(trampoline)
        rc = self._lib.rampart_exec(db, text, c_callback, None)
        if failure:
            self._progress_failure = None
            raise failure[0]
        self._check(rc, db)

    def save(self, path):
        """Write a consistent copy of the whole assessment to a new file ``path``.

        The assessment stays open on its current storage. Refused in safe mode (DeniedError).
        """
        cpath = _encode(path, "path")
        db = self._handle()
        self._check(self._lib.rampart_save(db, cpath), db)

    def interrupt(self):
        """Ask the command running on this assessment to stop (it raises Interrupted).

        Safe to call from any thread; does nothing when no command runs or after close.
        """
        with self._life:
            db = self._db
            if db is not None:
                self._lib.rampart_interrupt(db)

    def on_progress(self, callback):
        """Call ``callback(done, total)`` a few times per second during long commands
        (criticality, simulations, imports), on the thread running the command; ``None``
        removes it.
        The callback must not use this assessment (call :meth:`interrupt` to stop the command).
        An exception it raises interrupts the command and is re-raised by the call that ran it.
        """
        db = self._handle()
        if callback is None:
            self._progress = None
            self._check(self._lib.rampart_progress_handler(db, _lib.PROGRESS_CALLBACK(), None), db)
            return

        def trampoline(_payload, done, total):
            try:
                callback(int(done), int(total))
            except BaseException as exc:  # it cannot cross the C boundary: stop, re-raise later
                if self._progress_failure is None:
                    self._progress_failure = exc
                    self._lib.rampart_interrupt(db)

        # Keep the C function pointer alive as long as it is installed.
        self._progress = _lib.PROGRESS_CALLBACK(trampoline)
        self._check(self._lib.rampart_progress_handler(db, self._progress, None), db)

    @property
    def changes(self):
        """The number of records changed by the most recent command."""
        return int(self._lib.rampart_changes(self._handle()))

    def completions(self, line, cursor=None):
        """Completion candidates for the word ending at ``cursor`` in ``line``.

        ``cursor`` is a character index into ``line`` (default: its end). Returns a list of
        candidate strings (commands, verbs, field names and ids).
        """
        if isinstance(line, str):
            if cursor is None:
                cursor = len(line)
            if not 0 <= cursor <= len(line):
                raise ValueError("cursor %d is outside the line (length %d)" % (cursor, len(line)))
            offset = len(_encode(line[:cursor], "line"))
            data = _encode(line, "line")
        else:
            data = _encode(line, "line")
            offset = len(data) if cursor is None else int(cursor)
        db = self._handle()
        out = c_void_p()
        rc = self._lib.rampart_completions(byref(out), db, data, offset)
        text = _take_owned(self._lib, out)
        self._check(rc, db)
        return _lines(text)

    #: Whether text holds only complete commands; see :func:`is_complete`.
    complete = staticmethod(is_complete)


# ---- Result ---------------------------------------------------------------------------------

class Result:
    """The typed result of :meth:`Assessment.exec`: a table of typed cells plus output text.

    ``rows`` holds raw values in stored units (hours, fractions, events per year, currency):
    int, float, str or None. :meth:`text` gives a cell as display text (``"30d"``, ``"40%"``).
    Iterating yields rows; ``len()`` is the number of rows; ``result[i]`` is a row and
    ``result["name"]`` a column. A result keeps its data after its assessment is closed.
    """

    def __init__(self):
        raise TypeError("Result objects are made by Assessment.exec()")

    @classmethod
    def _wrap(cls, owner, ptr):
        self = object.__new__(cls)
        lib = owner._lib
        self._owner = owner  # keeps the handle open while the result may still read from it
        self._lib = lib
        self._ptr = ptr
        self._rows = None
        self._texts = None
        ncols = lib.rampart_result_column_count(ptr)
        self._nrows = int(lib.rampart_result_row_count(ptr))
        self._type_codes = [lib.rampart_result_column_type(ptr, j) for j in range(ncols)]
        #: Column names.
        self.columns = [_decode(lib.rampart_result_column_name(ptr, j)) for j in range(ncols)]
        #: Storage class of each column: "integer", "real" or "text".
        self.types = [_TYPE_NAMES.get(t, "") for t in self._type_codes]
        #: Unit of each column: "h", "currency", "fraction", "/yr", "count" or "".
        self.units = [_decode(lib.rampart_result_column_unit(ptr, j)) or "" for j in range(ncols)]
        #: Output text the commands produced (help, exported data), lines joined by newlines.
        self.output = _decode(lib.rampart_result_output(ptr)) or ""
        #: Confirmations such as "added asset x", one string per line.
        self.notes = _lines(lib.rampart_result_notes(ptr))
        #: Warnings, one string per line.
        self.warnings = _lines(lib.rampart_result_warnings(ptr))
        #: Records changed by all the commands.
        self.changes = int(lib.rampart_result_changes(ptr))
        return self

    # -- lifetime --

    def _detach(self, keep):
        """Free the C result; with ``keep`` copy every value and display text first."""
        ptr = self._ptr
        if ptr is None:
            return
        if keep:
            self._read_rows()
            self._read_texts()
        self._ptr = None
        self._lib.rampart_result_free(ptr)

    def __del__(self):
        try:
            ptr = self._ptr
            owner = self._owner
        except AttributeError:
            return
        # Only free while the handle is open: the contract does not allow touching a result
        # after its handle was closed (close() detaches live results before closing).
        if ptr is not None and owner is not None and owner._db is not None:
            try:
                self._ptr = None
                self._lib.rampart_result_free(ptr)
            except Exception:
                pass

    # -- reading --

    def _read_rows(self):
        if self._rows is not None:
            return self._rows
        columns = [self._read_column(j) for j in range(len(self.columns))]
        self._rows = list(zip(*columns)) if columns else [() for _ in range(self._nrows)]
        return self._rows

    def _read_column(self, j):
        """Column ``j`` as raw values, read whole: a few calls, not several per cell."""
        ptr, lib, n = self._ptr, self._lib, self._nrows
        kinds = (c_int * n)()
        self._check(lib.rampart_result_column_types(ptr, j, kinds), j)
        kinds = _as_list(kinds, "i")
        numbers = strings = None
        if INTEGER in kinds or REAL in kinds:
            doubles = (c_double * n)()
            self._check(lib.rampart_result_column_doubles(ptr, j, doubles), j)
            numbers = _as_list(doubles, "d")
        if TEXT in kinds:
            strings = self._column_texts(j, display=False)
        only = set(kinds)
        if only == {REAL}:
            return numbers
        if only == {TEXT}:
            return strings
        if only == {INTEGER} and max(map(abs, numbers)) < _EXACT_DOUBLE:
            return [int(v) for v in numbers]
        values = []
        for i, kind in enumerate(kinds):
            if kind == INTEGER:
                v = numbers[i]
                # Doubles hold integers exactly below 2**53; larger ones are read one by one.
                values.append(int(v) if abs(v) < _EXACT_DOUBLE else int(lib.rampart_result_int64(ptr, i, j)))
            elif kind == REAL:
                values.append(float(numbers[i]))
            elif kind == TEXT:
                values.append(strings[i])
            else:
                values.append(None)
        return values

    def _column_texts(self, j, display):
        """Every cell of column ``j`` as display text, or as stored text ("" for non-text cells)."""
        lib = self._lib
        buffer, size = c_void_p(), c_size_t()
        self._check(lib.rampart_result_column_texts(self._ptr, j, 1 if display else 0, byref(buffer), byref(size)), j)
        try:
            data = string_at(buffer.value, size.value) if size.value else b""
        finally:
            lib.rampart_free(buffer)
        # A NUL ends any broken UTF-8 sequence before it, so decoding the whole buffer at once
        # gives what decoding each text would.
        return data.decode("utf-8", "replace").split("\0")[:-1]

    def _check(self, rc, j):
        if rc != OK:
            raise error_class(rc)("cannot read column %r: %s" % (self.columns[j], errstr(rc)), rc)

    def _read_texts(self):
        if self._texts is not None:
            return self._texts
        columns = [self._column_texts(j, display=True) for j in range(len(self.columns))]
        self._texts = list(zip(*columns)) if columns else [() for _ in range(self._nrows)]
        return self._texts

    @property
    def rows(self):
        """All rows as tuples of raw values (int, float, str or None)."""
        return list(self._read_rows())

    def _col_index(self, col):
        if isinstance(col, str):
            try:
                return self.columns.index(col)
            except ValueError:
                raise KeyError("no column %r; columns are %s" % (col, ", ".join(self.columns))) from None
        j = int(col)
        n = len(self.columns)
        if j < 0:
            j += n
        if not 0 <= j < n:
            raise IndexError("column %d out of range (%d columns)" % (col, n))
        return j

    def _row_index(self, row):
        i = int(row)
        if i < 0:
            i += self._nrows
        if not 0 <= i < self._nrows:
            raise IndexError("row %d out of range (%d rows)" % (row, self._nrows))
        return i

    def text(self, row, col):
        """The cell at ``row``, ``col`` (index or column name) as display text with units."""
        i = self._row_index(row)
        j = self._col_index(col)
        if self._texts is not None or self._ptr is None:
            return self._read_texts()[i][j]
        return _decode(self._lib.rampart_result_text(self._ptr, i, j)) or ""

    def to_dicts(self):
        """The rows as a list of dicts mapping column names to raw values."""
        names = self.columns
        return [dict(zip(names, row)) for row in self._read_rows()]

    def column(self, col):
        """One column (by name or index) of raw values.

        With numpy installed, a numeric column is a numpy array: float64 for real columns
        (NaN for empty cells) and int64 for integer columns (float64 with NaN when the column
        has empty cells). Text columns, and every column without numpy, are lists.
        """
        j = self._col_index(col)
        code = self._type_codes[j]
        if _np is None or code not in (INTEGER, REAL):
            return [row[j] for row in self._read_rows()]
        n = self._nrows
        if self._ptr is not None:
            values = _np.empty(n, dtype=_np.float64)
            if n:
                self._check(self._lib.rampart_result_column_doubles(
                    self._ptr, j, values.ctypes.data_as(POINTER(c_double))), j)
        else:
            values = _np.array(
                [v if isinstance(v, (int, float)) else math.nan for v in (r[j] for r in self._read_rows())],
                dtype=_np.float64,
            )
        if code == REAL:
            return values
        if n and _np.isnan(values).any():
            return values
        if n and _np.abs(values).max() >= _EXACT_DOUBLE:
            # Too large for doubles to be exact: read the integers themselves.
            return _np.array([r[j] for r in self._read_rows()], dtype=_np.int64)
        return values.astype(_np.int64)

    def to_pandas(self):
        """The table as a pandas DataFrame, one column per result column: numbers as
        :meth:`column` gives them (raw values in stored units), text as objects. The columns'
        units (``h``, ``currency``, ``fraction``, ``/yr``, ``count`` or empty) are kept in
        ``frame.attrs["units"]``. Needs pandas."""
        try:
            import pandas as pd
        except ImportError:
            raise ImportError("Result.to_pandas() needs pandas (pip install pandas)") from None
        frame = pd.DataFrame({j: self.column(j) for j in range(len(self.columns))}, index=range(self._nrows))
        frame.columns = list(self.columns)
        frame.attrs["units"] = dict(zip(self.columns, self.units))
        return frame

    def __len__(self):
        return self._nrows

    def __iter__(self):
        return iter(self._read_rows())

    def __getitem__(self, index):
        """``result[i]`` is row i (slices give lists of rows); ``result["name"]`` is that
        column, as :meth:`column` gives it."""
        if isinstance(index, str):
            return self.column(index)
        return self._read_rows()[index]

    def __repr__(self):
        return "<rampart.Result %d rows x %d columns>" % (self._nrows, len(self.columns))

    def format(self):
        """The table as aligned display text (empty when the result has no table)."""
        if not self.columns:
            return ""
        texts = [self.text(i, j) for i in range(self._nrows) for j in range(len(self.columns))]
        ncols = len(self.columns)
        grid = [list(self.columns)] + [texts[k:k + ncols] for k in range(0, len(texts), ncols)]
        widths = [max(len(r[j]) for r in grid) for j in range(ncols)]
        numeric = [t in ("integer", "real") for t in self.types]
        lines = []
        for n, r in enumerate(grid):
            cells = [c.rjust(w) if numeric[j] and n else c.ljust(w) for j, (c, w) in enumerate(zip(r, widths))]
            lines.append("  ".join(cells).rstrip())
            if n == 0:
                lines.append("  ".join("-" * w for w in widths))
        return "\n".join(lines)

    def __str__(self):
        table = self.format()
        return table if table else self.output
