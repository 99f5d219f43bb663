"""Locating and loading librampart, and declaring the C prototypes.

The library is loaded lazily, the first time something needs it, so that
``import rampart`` always succeeds; a missing library surfaces as
:class:`rampart.LibraryNotFound` at first use.

Lookup order:

1. the environment variable ``RAMPART_LIBRARY`` (a path to the shared library);
2. the package folder (a copy of the library shipped inside the package);
3. the build folders of a source checkout, walking up from this file:
   ``build/lib``, ``.build/release`` and ``.build/debug``;
4. the system loader (``ctypes.util.find_library("rampart")``).
"""

import ctypes
import ctypes.util
import os
import sys
import threading
from ctypes import (
    CFUNCTYPE,
    POINTER,
    c_char_p,
    c_double,
    c_int,
    c_int64,
    c_size_t,
    c_uint,
    c_void_p,
)
from pathlib import Path

__all__ = ["LibraryNotFound", "ENV_VAR", "load", "library_path", "ROW_CALLBACK"]

#: The environment variable naming the shared library to use.
ENV_VAR = "RAMPART_LIBRARY"

#: Folders of a source checkout, relative to its root, that may hold a built library.
BUILD_FOLDERS = ("build/lib", ".build/release", ".build/debug")


class LibraryNotFound(ImportError):
    """The Rampart shared library could not be found or loaded."""


if sys.platform == "darwin":
    _FILE_NAMES = ("librampart.dylib", "librampart.so")
elif sys.platform.startswith("win"):
    _FILE_NAMES = ("rampart.dll", "librampart.dll")
else:
    _FILE_NAMES = ("librampart.so",)

#: Opaque handle pointers are passed around as plain void pointers.
_db_p = c_void_p
_result_p = c_void_p

#: ``int (*)(void *payload, int ncols, char **values, char **names)``
ROW_CALLBACK = CFUNCTYPE(c_int, c_void_p, c_int, POINTER(c_char_p), POINTER(c_char_p))
PROGRESS_CALLBACK = CFUNCTYPE(None, c_void_p, c_int64, c_int64)

# name: (restype, argtypes). Every function of rampart.h is listed here. Owned `char **`
# outputs are declared as `void **` so the pointer can be freed with rampart_free after
# copying; borrowed `const char *` results are declared `char *` and copied by ctypes.
_PROTOTYPES = {
    # Version
    "rampart_libversion": (c_char_p, []),
    "rampart_libversion_number": (c_int, []),
    # Status codes
    "rampart_errstr": (c_char_p, [c_int]),
    # Handles
    "rampart_open": (c_int, [POINTER(_db_p), c_char_p, c_uint]),
    "rampart_close": (c_int, [_db_p]),
    "rampart_errcode": (c_int, [_db_p]),
    "rampart_errmsg": (c_char_p, [_db_p]),
    "rampart_interrupt": (None, [_db_p]),
    "rampart_free": (None, [c_void_p]),
    # Running commands
    "rampart_complete": (c_int, [c_char_p]),
    "rampart_exec": (c_int, [_db_p, c_char_p, ROW_CALLBACK, c_void_p]),
    "rampart_exec_json": (c_int, [POINTER(c_void_p), _db_p, c_char_p]),
    "rampart_save": (c_int, [_db_p, c_char_p]),
    "rampart_changes": (c_int64, [_db_p]),
    "rampart_progress_handler": (c_int, [_db_p, PROGRESS_CALLBACK, c_void_p]),
    "rampart_completions": (c_int, [POINTER(c_void_p), _db_p, c_char_p, c_int]),
    # Typed results
    "rampart_query": (c_int, [POINTER(_result_p), _db_p, c_char_p]),
    "rampart_result_free": (None, [_result_p]),
    "rampart_result_column_count": (c_int, [_result_p]),
    "rampart_result_row_count": (c_int64, [_result_p]),
    "rampart_result_column_name": (c_char_p, [_result_p, c_int]),
    "rampart_result_column_type": (c_int, [_result_p, c_int]),
    "rampart_result_column_unit": (c_char_p, [_result_p, c_int]),
    "rampart_result_type": (c_int, [_result_p, c_int64, c_int]),
    "rampart_result_text": (c_char_p, [_result_p, c_int64, c_int]),
    "rampart_result_string": (c_char_p, [_result_p, c_int64, c_int]),
    "rampart_result_double": (c_double, [_result_p, c_int64, c_int]),
    "rampart_result_int64": (c_int64, [_result_p, c_int64, c_int]),
    "rampart_result_column_doubles": (c_int, [_result_p, c_int, POINTER(c_double)]),
    "rampart_result_column_types": (c_int, [_result_p, c_int, POINTER(c_int)]),
    "rampart_result_column_texts": (c_int, [_result_p, c_int, c_int, POINTER(c_void_p), POINTER(c_size_t)]),
    "rampart_result_output": (c_char_p, [_result_p]),
    "rampart_result_notes": (c_char_p, [_result_p]),
    "rampart_result_warnings": (c_char_p, [_result_p]),
    "rampart_result_changes": (c_int64, [_result_p]),
}

_lock = threading.Lock()
_lib = None
_path = None


def _package_dir():
    return Path(__file__).resolve().parent


def _build_roots():
    """Folders whose build folders are searched: the package folder and every folder above it."""
    pkg = _package_dir()
    return [pkg, *pkg.parents]


def _declare(lib, path):
    missing = [name for name in _PROTOTYPES if not hasattr(lib, name)]
    if missing:
        raise LibraryNotFound(
            "the Rampart library at %s lacks %d function(s) this binding needs (%s); "
            "it is incomplete or older than the binding: rebuild it, or point %s at a "
            "complete build" % (path, len(missing), ", ".join(missing), ENV_VAR)
        )
    for name, (restype, argtypes) in _PROTOTYPES.items():
        fn = getattr(lib, name)
        fn.restype = restype
        fn.argtypes = argtypes
    return lib


def _try_load(target, tried):
    try:
        lib = ctypes.CDLL(str(target))
    except OSError as exc:
        tried.append("%s (could not be loaded: %s)" % (target, exc))
        return None
    return _declare(lib, target)


def _find():
    tried = []
    env = os.environ.get(ENV_VAR)
    if env:
        # An explicit choice is authoritative: do not silently fall back to another copy.
        if not os.path.exists(env):
            raise LibraryNotFound(
                "%s is set to %r, but no such file exists; set it to the path of "
                "librampart (for example <repository>/.build/debug/librampart.so) or unset it"
                % (ENV_VAR, env)
            )
        lib = _try_load(env, tried)
        if lib is None:
            raise LibraryNotFound("%s points at a library that could not be loaded: %s" % (ENV_VAR, tried[0]))
        return lib, os.path.abspath(env)
    tried.append("$%s (not set)" % ENV_VAR)

    pkg = _package_dir()
    candidates = [pkg / name for name in _FILE_NAMES]
    roots = _build_roots()
    candidates += [root / sub / name for root in roots for sub in BUILD_FOLDERS for name in _FILE_NAMES]
    for path in candidates:
        if path.is_file():
            lib = _try_load(path, tried)
            if lib is not None:
                return lib, str(path)
    tried.insert(1, "the package folder %s" % pkg)
    tried.insert(2, "%s under %s and every folder above it" % (", ".join(BUILD_FOLDERS), roots[0]))

    name = ctypes.util.find_library("rampart")
    if name:
        lib = _try_load(name, tried)
        if lib is not None:
            return lib, name
    else:
        tried.append('the system loader (ctypes.util.find_library("rampart") found nothing)')

    raise LibraryNotFound(
        "cannot find the Rampart shared library (%s). Looked in:\n  - " % " or ".join(_FILE_NAMES)
        + "\n  - ".join(tried)
        + "\nTo fix this, set %s to the path of the library, or build it in the repository "
        "(it then appears under .build/debug, .build/release or build/lib), or install it "
        "where the system loader finds it." % ENV_VAR
    )


def load():
    """Return the loaded library (a ctypes.CDLL), loading it on first call.

    Raises LibraryNotFound when no usable library exists. A failed lookup is not cached,
    so setting RAMPART_LIBRARY or finishing a build and calling again works.
    """
    global _lib, _path
    lib = _lib
    if lib is not None:
        return lib
    with _lock:
        if _lib is None:
            _lib, _path = _find()
        return _lib


def library_path():
    """The path (or loader name) of the library in use, loading it if needed."""
    load()
    return _path
