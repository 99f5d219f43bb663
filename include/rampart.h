/*
 * rampart.h — the C interface of Rampart, an engine for assessing and reducing the risk that
 * terrorist attacks and other hazards pose to critical infrastructure and vulnerable targets.
 *
 * This header is the contract of librampart.so. It is C99 and C++ compatible.
 *
 * Conventions (after SQLite and libgit2):
 *   - Every fallible function returns an int status: RAMPART_OK (0) or one of the codes below.
 *     Codes are append-only: a code's value never changes between versions.
 *   - Out-parameters come first and are named `out`. On failure they are set to NULL/0 unless
 *     stated otherwise.
 *   - Strings passed in are NUL-terminated UTF-8; invalid UTF-8 is refused with RAMPART_ENCODING.
 *   - Strings returned as `const char *` are borrowed: they stay valid for the lifetime stated
 *     on each function and must not be freed. Strings returned through `char **out` are owned
 *     by the caller and freed with rampart_free().
 *   - Every destructor accepts NULL and then does nothing.
 *   - The message of the last failure on a handle is available from rampart_errmsg().
 *
 * Thread safety: a handle (rampart_db and the results made from it) may be used by one thread
 * at a time. Using one handle from two threads at once is detected: the second call returns
 * RAMPART_BUSY instead of corrupting memory. Different handles may be used from different
 * threads freely, including handles on the same file. rampart_interrupt() may be called from
 * any thread, and from a signal handler's deferred work, at any time. Functions that take no
 * handle are thread-safe.
 *
 * A handle that was closed must not be used again. Passing a closed handle is detected as
 * long as its address has not been reused by a newer handle, and returns RAMPART_MISUSE.
 */
#ifndef RAMPART_H
#define RAMPART_H

#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

/* ---- Version ------------------------------------------------------------------------------ */

/** The version of this header, "MAJOR.MINOR.PATCH". */
#define RAMPART_VERSION "0.1.0"
/** The version as MAJOR * 1000000 + MINOR * 1000 + PATCH. */
#define RAMPART_VERSION_NUMBER 1000

/** The version of the library actually linked, e.g. "0.1.0". Static storage; never NULL. */
const char *rampart_libversion(void);

/** The linked library's version as MAJOR * 1000000 + MINOR * 1000 + PATCH. */
int rampart_libversion_number(void);

/* ---- Status codes ------------------------------------------------------------------------- */

#define RAMPART_OK           0  /**< Success. */
#define RAMPART_ERROR        1  /**< An error without a more specific code. */
#define RAMPART_MISUSE       2  /**< NULL or closed handle, NULL argument, bad index. */
#define RAMPART_PARSE        3  /**< A command could not be parsed (syntax, unknown word). */
#define RAMPART_NOTFOUND     4  /**< An id names nothing in the assessment. */
#define RAMPART_CONSTRAINT   5  /**< Refused to keep the assessment consistent (duplicate, in use). */
#define RAMPART_RANGE        6  /**< A value is out of range or has the wrong unit. */
#define RAMPART_IO           7  /**< A file could not be read or written. */
#define RAMPART_CORRUPT      8  /**< A file is not a Rampart assessment or is damaged. */
#define RAMPART_TOONEW       9  /**< A file was written by a newer version of Rampart. */
#define RAMPART_READONLY    10  /**< The assessment is open read-only. */
#define RAMPART_DENIED      11  /**< Refused by safe mode (file access). */
#define RAMPART_INTERRUPTED 12  /**< Stopped by rampart_interrupt(). */
#define RAMPART_NOMEM       13  /**< Out of memory. */
#define RAMPART_ENCODING    14  /**< Text is not valid UTF-8. */
#define RAMPART_BUSY        15  /**< The handle is in use by another thread, or another writer
                                     held the file longer than the 5 s busy timeout. */
#define RAMPART_ABORT       16  /**< A row callback asked to stop. */

/** A short English description of a status code, e.g. "not found". Static storage; never NULL
 *  (unknown codes give "unknown error"). */
const char *rampart_errstr(int code);

/* ---- Handles ------------------------------------------------------------------------------ */

/** An open assessment. */
typedef struct rampart_db rampart_db;

/** Flags of rampart_open(). */
#define RAMPART_OPEN_READONLY 0x1u  /**< Refuse every change; the file must exist. */
#define RAMPART_OPEN_CREATE   0x2u  /**< Create the file when it does not exist. */
#define RAMPART_OPEN_SAFE     0x4u  /**< Safe mode: no file access beyond the assessment itself
                                         (import, export and save are refused). */

/**
 * Opens the assessment stored in the file `path`, or an in-memory assessment when `path` is
 * NULL or ":memory:". `flags` combines RAMPART_OPEN_*; any other bit is refused
 * (RAMPART_MISUSE). Without RAMPART_OPEN_CREATE a missing file is an error (RAMPART_IO). A file that is not a Rampart assessment, is damaged
 * (RAMPART_CORRUPT) or was written by a newer version (RAMPART_TOONEW) is refused and left
 * untouched. A file that another connection holds locked for longer than the 5 s busy timeout
 * (a bulk import alone on its file holds it until it commits) gives RAMPART_BUSY.
 *
 * On success *out receives a new handle. On failure *out still receives a handle, in a failed
 * state, whose rampart_errmsg() explains the failure (like sqlite3_open); it must be closed.
 * *out is NULL only when `out` is NULL (RAMPART_MISUSE) or memory ran out (RAMPART_NOMEM).
 */
int rampart_open(rampart_db **out, const char *path, unsigned int flags);

/** Closes a handle and frees it. NULL is accepted. Returns RAMPART_MISUSE for a handle that is
 *  not open, RAMPART_BUSY when another thread is using it (it is then not closed). */
int rampart_close(rampart_db *db);

/** The status code of the most recent failed or successful call on `db` (RAMPART_MISUSE for a
 *  NULL or closed handle). */
int rampart_errcode(rampart_db *db);

/** The message of the most recent call on `db` that failed, or "not an error". Borrowed: valid
 *  until the next call on `db` or its close. For a NULL or closed handle, a static message. */
const char *rampart_errmsg(rampart_db *db);

/** Asks the command running on `db` to stop as soon as possible; it then fails with
 *  RAMPART_INTERRUPTED and changes nothing. Safe from any thread; harmless when nothing runs. */
void rampart_interrupt(rampart_db *db);

/** Frees memory that Rampart returned through a `char **out` parameter. NULL is accepted. */
void rampart_free(void *p);

/* ---- Running commands --------------------------------------------------------------------- */

/**
 * Whether `text` holds only complete commands of the command language: 1 when complete, 0 when
 * more input is needed (an open quote or parenthesis, a trailing backslash, or a line ending
 * with an operator or a keyword such as `where` or `and`), -1 when `text` is NULL or not UTF-8.
 * A REPL reads lines until this returns 1.
 */
int rampart_complete(const char *text);

/**
 * Callback of rampart_exec(), called once per result row: `ncols` columns, `values` the cells
 * as display text (NULL for an empty cell), `names` the column names. Both arrays are borrowed
 * for the duration of the call. Returning non-zero stops execution with RAMPART_ABORT.
 */
typedef int (*rampart_row_cb)(void *payload, int ncols, char **values, char **names);

/**
 * Runs the commands in `commands` (separated by newlines or ';') in order, calling `cb` (which
 * may be NULL) for each row of each command's result table. Each command that changes the
 * assessment is one transaction. Execution stops at the first failing command, whose code is
 * returned; earlier commands keep their effect and the failing one leaves no trace.
 */
int rampart_exec(rampart_db *db, const char *commands, rampart_row_cb cb, void *payload);

/**
 * Runs `commands` like rampart_exec() and returns every command's result as one JSON document
 * in *out (owned; free with rampart_free()):
 *   {"results": [{"command": "...", "columns": [{"name": "...", "type": "integer|real|text",
 *     "unit": "..."}], "rows": [[...], ...], "output": [...], "notes": [...],
 *     "warnings": [...], "changes": N}, ...]}
 * Cells are raw values: numbers in stored units (hours, fractions, events per year, currency),
 * text, or null. On failure *out is NULL.
 */
int rampart_exec_json(char **out, rampart_db *db, const char *commands);

/**
 * Writes a consistent copy of the whole assessment to `path`, atomically replacing an existing
 * Rampart assessment there that is not in use. Any other existing file is refused and left
 * alone (RAMPART_IO), as is the open assessment itself. The handle stays on its current
 * assessment. Refused in safe mode (RAMPART_DENIED).
 */
int rampart_save(rampart_db *db, const char *path);

/**
 * Callback of long commands (criticality, simulations, imports): `done` of `total` work items
 * are finished (for an import, records written of the file's lines). Called on the thread
 * running the command, a few times per second; it must not use `db` (call rampart_interrupt to
 * stop the command).
 */
typedef void (*rampart_progress_cb)(void *payload, int64_t done, int64_t total);

/** Installs (or, with NULL, removes) the progress callback of `db`. */
int rampart_progress_handler(rampart_db *db, rampart_progress_cb cb, void *payload);

/** The number of records changed by the most recent command that ran on `db`. */
int64_t rampart_changes(rampart_db *db);

/**
 * Completion candidates for the word ending at byte offset `cursor` of `line` (commands,
 * verbs, field names, the assessment's ids, and the options, option values and keywords an
 * analysis's usage line documents), as one string of candidates separated by '\n', in *out
 * (owned; free with rampart_free()). A candidate replaces the whole word since the last space
 * or tab (`method=e` gives `method=estimate`). An empty string when there are none.
 */
int rampart_completions(char **out, rampart_db *db, const char *line, int cursor);

/* ---- Typed results ------------------------------------------------------------------------ */

/** The typed result of a command: a table of typed cells plus output text. */
typedef struct rampart_result rampart_result;

/** Storage classes of columns and cells. */
#define RAMPART_INTEGER 1
#define RAMPART_REAL    2
#define RAMPART_TEXT    3
#define RAMPART_NULL    5

/**
 * Runs `commands` like rampart_exec() and returns, in *out, the result of the last command that
 * produced a table (or of the last command when none did), together with the output, notes and
 * warnings of all commands. Free with rampart_result_free(). On failure *out is NULL.
 * A result holds its own copy of the data: it stays valid after the handle runs other commands
 * and after the handle is closed, until rampart_result_free().
 */
int rampart_query(rampart_result **out, rampart_db *db, const char *commands);

/** Frees a result. NULL is accepted. */
void rampart_result_free(rampart_result *r);

/** Number of columns (0 when the command produced no table, or r is NULL). */
int rampart_result_column_count(const rampart_result *r);

/** Number of rows (0 when there is no table, or r is NULL). */
int64_t rampart_result_row_count(const rampart_result *r);

/** Name of column `col`; borrowed until the result is freed. NULL when out of range. */
const char *rampart_result_column_name(const rampart_result *r, int col);

/** Declared storage class of column `col` (RAMPART_INTEGER, _REAL or _TEXT); 0 when out of range. */
int rampart_result_column_type(const rampart_result *r, int col);

/** Unit of column `col` ("h", "currency", "fraction", "/yr", "count" or ""); borrowed until
 *  the result is freed. NULL when out of range. */
const char *rampart_result_column_unit(const rampart_result *r, int col);

/** Storage class of one cell (RAMPART_NULL for an empty cell); 0 when out of range. */
int rampart_result_type(const rampart_result *r, int64_t row, int col);

/** A cell as display text with units ("30d", "1.2M", "40%"); "" for NULL. Borrowed until the
 *  result is freed; the text is made on the first call for the cell (a program that reads
 *  values only never pays for it) and later calls return the same pointer. NULL when out of
 *  range. */
const char *rampart_result_text(const rampart_result *r, int64_t row, int col);

/** The stored text of a TEXT cell, which can differ from its display text (a list is stored
 *  "a,b" and shown "a, b"); NULL for other cells and out of range. Borrowed until freed. */
const char *rampart_result_string(const rampart_result *r, int64_t row, int col);

/** A cell as a double in stored units; NaN for NULL or text, and when out of range. */
double rampart_result_double(const rampart_result *r, int64_t row, int col);

/** A cell as a 64-bit integer (reals truncated toward zero); 0 for NULL, text or out of range. */
int64_t rampart_result_int64(const rampart_result *r, int64_t row, int col);

/** Copies column `col` as doubles into `out`, which must hold rampart_result_row_count(r)
 *  values (NaN for NULL or text cells): the fast path for array-based bindings.
 *  Returns RAMPART_MISUSE for a NULL argument or a column out of range. */
int rampart_result_column_doubles(const rampart_result *r, int col, double *out);

/** Copies the storage class of every cell of column `col` into `out`, which must hold
 *  rampart_result_row_count(r) ints: RAMPART_NULL, RAMPART_INTEGER, RAMPART_REAL or
 *  RAMPART_TEXT, as rampart_result_type() gives them one by one.
 *  Returns RAMPART_MISUSE for a NULL argument or a column out of range. */
int rampart_result_column_types(const rampart_result *r, int col, int *out);

/** Every cell of column `col` as text, in one call: with `display` non-zero, the display text
 *  of rampart_result_text() ("" for NULL); with `display` zero, the stored text of TEXT cells,
 *  as rampart_result_string() gives it, and "" for every other cell. The texts follow one
 *  another in row order, each ended by a NUL, in one buffer that the caller owns and frees with
 *  rampart_free(); *len, when `len` is not NULL, receives its size in bytes, the NULs included
 *  (0 for a result without rows, whose buffer must still be freed). On failure *out is NULL.
 *  Returns RAMPART_MISUSE for a NULL `r` or `out` or a column out of range, RAMPART_NOMEM when
 *  the buffer cannot be allocated. */
int rampart_result_column_texts(const rampart_result *r, int col, int display, char **out, size_t *len);

/** Output text the commands produced (help, exported data), lines joined by '\n'; "" when none.
 *  Borrowed until the result is freed. */
const char *rampart_result_output(const rampart_result *r);

/** Confirmations such as "added asset x", joined by '\n'; "" when none. Borrowed until freed. */
const char *rampart_result_notes(const rampart_result *r);

/** Warnings, joined by '\n'; "" when none. Borrowed until the result is freed. */
const char *rampart_result_warnings(const rampart_result *r);

/** Records changed by all the commands of the query. */
int64_t rampart_result_changes(const rampart_result *r);

#ifdef __cplusplus
}
#endif

#endif /* RAMPART_H */
