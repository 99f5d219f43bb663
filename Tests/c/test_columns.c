/*
 * test_columns.c — the bulk column reads (rampart_result_column_doubles, _column_types and
 * _column_texts) must give what the cell-by-cell reads give, cell for cell: on a result with
 * NULL cells, integers, reals, text whose display differs from what is stored, non-ASCII text,
 * on a result without rows and on a result without a table.
 * Usage: test_columns
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "check.h"
#include "rampart.h"

/* Whether the NUL-ended texts of `buffer` (size bytes) are, in order, those `cell` gives for
 * rows 0..rows-1 of column `col` (NULL counting as ""). */
static int texts_match(const char *buffer, size_t size, const rampart_result *r, int col, int64_t rows,
                       const char *(*cell)(const rampart_result *, int64_t, int))
{
    size_t at = 0;
    int64_t i;
    for (i = 0; i < rows; i++) {
        const char *want = cell(r, i, col);
        size_t n;
        if (want == NULL) want = "";
        if (at >= size) return 0;
        n = strlen(buffer + at);
        if (n != strlen(want) || memcmp(buffer + at, want, n) != 0) {
            printf("    row %lld column %d: got \"%s\", want \"%s\"\n", (long long)i, col, buffer + at, want);
            return 0;
        }
        at += n + 1;
    }
    return at == size;
}

/* Every column of the result of `query` read whole and cell by cell; returns the row count. */
static int64_t compare_columns(rampart_db *db, const char *query)
{
    rampart_result *r = NULL;
    int64_t rows, i;
    int cols, c, same_types = 1, same_doubles = 1, same_display = 1, same_stored = 1;

    if (rampart_query(&r, db, query) != RAMPART_OK) {
        printf("    query failed: %s\n", rampart_errmsg(db));
        CHECK(query, 0);
        return -1;
    }
    rows = rampart_result_row_count(r);
    cols = rampart_result_column_count(r);
    for (c = 0; c < cols; c++) {
        int *kinds = malloc(sizeof(int) * (size_t)(rows + 1));
        double *values = malloc(sizeof(double) * (size_t)(rows + 1));
        char *display = NULL, *stored = NULL;
        size_t display_size = 1, stored_size = 1;

        if (rampart_result_column_types(r, c, kinds) != RAMPART_OK) same_types = 0;
        if (rampart_result_column_doubles(r, c, values) != RAMPART_OK) same_doubles = 0;
        for (i = 0; i < rows; i++) {
            double one = rampart_result_double(r, i, c);
            if (kinds[i] != rampart_result_type(r, i, c)) same_types = 0;
            if (!(isnan(one) ? isnan(values[i]) : one == values[i])) same_doubles = 0;
        }
        if (rampart_result_column_texts(r, c, 1, &display, &display_size) != RAMPART_OK || display == NULL
            || !texts_match(display, display_size, r, c, rows, rampart_result_text))
            same_display = 0;
        if (rampart_result_column_texts(r, c, 0, &stored, &stored_size) != RAMPART_OK || stored == NULL
            || !texts_match(stored, stored_size, r, c, rows, rampart_result_string))
            same_stored = 0;
        rampart_free(display);
        rampart_free(stored);
        free(kinds);
        free(values);
    }
    printf("# %s: %lld rows, %d columns\n", query, (long long)rows, cols);
    CHECK("  column_types() gives every cell's rampart_result_type()", same_types);
    CHECK("  column_doubles() gives every cell's rampart_result_double()", same_doubles);
    CHECK("  column_texts(display) gives every cell's rampart_result_text()", same_display);
    CHECK("  column_texts(stored) gives every cell's rampart_result_string()", same_stored);
    rampart_result_free(r);
    return rows;
}

int main(void)
{
    rampart_db *db = NULL;
    rampart_result *r = NULL;
    char *texts = NULL;
    size_t size = 99;

    CHECK("open an in-memory assessment", rampart_open(&db, NULL, 0) == RAMPART_OK);
    CHECK("add assets, some fields left empty",
          rampart_exec(db,
                       "asset add a1 name=\"Usine \xC3\xA9lectrique\" sector=energy population=250000 recovery=3d tags=(north, critical); "
                       "asset add a2 sector=water population=12 economic_value=1.5M; "
                       "asset add a3 name=\"Line, with comma\" sector=health; "
                       "dep add a2 a1 kind=physical strength=0.8 delay=6h; dep add a3 a1 kind=physical strength=1",
                       NULL, NULL) == RAMPART_OK);
    CHECK("a list of assets reads the same whole and cell by cell", compare_columns(db, "asset list") == 3);
    CHECK("a cascade reads the same whole and cell by cell", compare_columns(db, "cascade a1 duration=2d") >= 2);
    CHECK("settings read the same whole and cell by cell", compare_columns(db, "settings") > 0);
    CHECK("a record shown field by field reads the same", compare_columns(db, "asset show a1") > 0);
    CHECK("a result without rows reads the same", compare_columns(db, "asset list where population > 1M") == 0);

    CHECK("a result without rows gives an empty buffer",
          rampart_query(&r, db, "asset list where population > 1M") == RAMPART_OK
          && rampart_result_column_texts(r, 0, 1, &texts, &size) == RAMPART_OK && texts != NULL && size == 0);
    rampart_free(texts);
    rampart_result_free(r);
    texts = NULL;
    CHECK("a result without a table has no column to read",
          rampart_query(&r, db, "asset add a4 sector=energy") == RAMPART_OK
          && rampart_result_column_texts(r, 0, 1, &texts, &size) == RAMPART_MISUSE && texts == NULL);
    rampart_result_free(r);
    CHECK("close the assessment", rampart_close(db) == RAMPART_OK);
    return check_summary();
}
