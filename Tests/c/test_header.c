/*
 * test_header.c — the header compiles cleanly as C99 and as C++11, and every function it
 * declares has the expected prototype. Each function's address is taken into a pointer of the
 * exact type, so a changed signature breaks the build. Compiled by run.sh with
 *   gcc -std=c99 -Wall -Wextra -pedantic -Werror
 *   g++ -std=c++11 -Wall -Wextra -pedantic -Werror   (as C++ source)
 * run.sh also checks that every function declared in rampart.h is named in this file.
 */
#include "rampart.h"
#include "rampart.h" /* the include guard makes a second inclusion harmless */

#include <stdio.h>
#include <string.h>

/* Status codes are part of the ABI: their values never change. */
typedef char assert_ok[RAMPART_OK == 0 ? 1 : -1];
typedef char assert_abort[RAMPART_ABORT == 16 ? 1 : -1];
typedef char assert_busy[RAMPART_BUSY == 15 ? 1 : -1];
typedef char assert_null[RAMPART_NULL == 5 ? 1 : -1];

static int row_callback(void *payload, int ncols, char **values, char **names)
{
    (void)payload;
    (void)ncols;
    (void)values;
    (void)names;
    return 0;
}

int main(void)
{
    /* Version */
    const char *(*p_libversion)(void) = rampart_libversion;
    int (*p_libversion_number)(void) = rampart_libversion_number;
    /* Status codes */
    const char *(*p_errstr)(int) = rampart_errstr;
    /* Handles */
    int (*p_open)(rampart_db **, const char *, unsigned int) = rampart_open;
    int (*p_close)(rampart_db *) = rampart_close;
    int (*p_errcode)(rampart_db *) = rampart_errcode;
    const char *(*p_errmsg)(rampart_db *) = rampart_errmsg;
    void (*p_interrupt)(rampart_db *) = rampart_interrupt;
    void (*p_free)(void *) = rampart_free;
    /* Running commands */
    int (*p_complete)(const char *) = rampart_complete;
    int (*p_exec)(rampart_db *, const char *, rampart_row_cb, void *) = rampart_exec;
    int (*p_exec_json)(char **, rampart_db *, const char *) = rampart_exec_json;
    int (*p_save)(rampart_db *, const char *) = rampart_save;
    int64_t (*p_changes)(rampart_db *) = rampart_changes;
    int (*p_progress_handler)(rampart_db *, rampart_progress_cb, void *) = rampart_progress_handler;
    int (*p_completions)(char **, rampart_db *, const char *, int) = rampart_completions;
    /* Typed results */
    int (*p_query)(rampart_result **, rampart_db *, const char *) = rampart_query;
    void (*p_result_free)(rampart_result *) = rampart_result_free;
    int (*p_result_column_count)(const rampart_result *) = rampart_result_column_count;
    int64_t (*p_result_row_count)(const rampart_result *) = rampart_result_row_count;
    const char *(*p_result_column_name)(const rampart_result *, int) = rampart_result_column_name;
    int (*p_result_column_type)(const rampart_result *, int) = rampart_result_column_type;
    const char *(*p_result_column_unit)(const rampart_result *, int) = rampart_result_column_unit;
    int (*p_result_type)(const rampart_result *, int64_t, int) = rampart_result_type;
    const char *(*p_result_text)(const rampart_result *, int64_t, int) = rampart_result_text;
    const char *(*p_result_string)(const rampart_result *, int64_t, int) = rampart_result_string;
    double (*p_result_double)(const rampart_result *, int64_t, int) = rampart_result_double;
    int64_t (*p_result_int64)(const rampart_result *, int64_t, int) = rampart_result_int64;
    int (*p_result_column_doubles)(const rampart_result *, int, double *) = rampart_result_column_doubles;
    int (*p_result_column_types)(const rampart_result *, int, int *) = rampart_result_column_types;
    int (*p_result_column_texts)(const rampart_result *, int, int, char **, size_t *) = rampart_result_column_texts;
    const char *(*p_result_output)(const rampart_result *) = rampart_result_output;
    const char *(*p_result_notes)(const rampart_result *) = rampart_result_notes;
    const char *(*p_result_warnings)(const rampart_result *) = rampart_result_warnings;
    int64_t (*p_result_changes)(const rampart_result *) = rampart_result_changes;

    rampart_row_cb cb = row_callback;
    unsigned int flags = RAMPART_OPEN_READONLY | RAMPART_OPEN_CREATE | RAMPART_OPEN_SAFE;
    int storage[] = { RAMPART_INTEGER, RAMPART_REAL, RAMPART_TEXT, RAMPART_NULL };
    int codes[] = { RAMPART_OK, RAMPART_ERROR, RAMPART_MISUSE, RAMPART_PARSE, RAMPART_NOTFOUND,
                    RAMPART_CONSTRAINT, RAMPART_RANGE, RAMPART_IO, RAMPART_CORRUPT, RAMPART_TOONEW,
                    RAMPART_READONLY, RAMPART_DENIED, RAMPART_INTERRUPTED, RAMPART_NOMEM,
                    RAMPART_ENCODING, RAMPART_BUSY, RAMPART_ABORT };
    int missing = 0;

    missing += p_libversion == NULL;
    missing += p_libversion_number == NULL;
    missing += p_errstr == NULL;
    missing += p_open == NULL;
    missing += p_close == NULL;
    missing += p_errcode == NULL;
    missing += p_errmsg == NULL;
    missing += p_interrupt == NULL;
    missing += p_free == NULL;
    missing += p_complete == NULL;
    missing += p_exec == NULL;
    missing += p_exec_json == NULL;
    missing += p_save == NULL;
    missing += p_changes == NULL;
    missing += p_progress_handler == NULL;
    missing += p_completions == NULL;
    missing += p_query == NULL;
    missing += p_result_free == NULL;
    missing += p_result_column_count == NULL;
    missing += p_result_row_count == NULL;
    missing += p_result_column_name == NULL;
    missing += p_result_column_type == NULL;
    missing += p_result_column_unit == NULL;
    missing += p_result_type == NULL;
    missing += p_result_text == NULL;
    missing += p_result_string == NULL;
    missing += p_result_double == NULL;
    missing += p_result_int64 == NULL;
    missing += p_result_column_doubles == NULL;
    missing += p_result_column_types == NULL;
    missing += p_result_column_texts == NULL;
    missing += p_result_output == NULL;
    missing += p_result_notes == NULL;
    missing += p_result_warnings == NULL;
    missing += p_result_changes == NULL;
    missing += cb == NULL;

    if (missing != 0 || flags != 7u || storage[3] != 5 || codes[16] != 16) {
        printf("FAIL - header test: %d function pointer(s) missing\n", missing);
        return 1;
    }
    if (strcmp(rampart_libversion(), RAMPART_VERSION) != 0
        || rampart_libversion_number() != RAMPART_VERSION_NUMBER) {
        printf("FAIL - header version %s (%d) differs from the library's %s (%d)\n", RAMPART_VERSION,
               RAMPART_VERSION_NUMBER, rampart_libversion(), rampart_libversion_number());
        return 1;
    }
    printf("ok   - header declares 32 functions with the expected prototypes; version %s\n",
           RAMPART_VERSION);
    return 0;
}
