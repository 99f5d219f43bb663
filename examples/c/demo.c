/*
 * demo.c — using librampart from C.
 *
 * Opens an in-memory assessment, adds a few assets and a dependency, lists them through a row
 * callback, reads typed values from a query result and shows how errors are reported.
 *
 * Build and run (from the repository root, after `make`):
 *
 *     cc -std=c99 -I include examples/c/demo.c \
 *        -L build/lib -Wl,-rpath,build/lib -lrampart -o demo
 *     ./demo
 *
 * Once installed: cc demo.c $(pkg-config --cflags --libs rampart) -o demo
 */
#include <stdio.h>
#include <stdlib.h>

#include "rampart.h"

/* Called by rampart_exec() once per result row. Cells arrive as display text with units
 * ("1.2M", "30d"), and NULL for an empty cell. Returning non-zero would stop execution. */
static int print_row(void *payload, int ncols, char **values, char **names)
{
    int *rows = (int *)payload;
    int i;

    if (*rows == 0) {
        for (i = 0; i < ncols; i++)
            printf("%-14s", names[i]);
        printf("\n");
    }
    for (i = 0; i < ncols; i++)
        printf("%-14s", values[i] ? values[i] : "-");
    printf("\n");
    (*rows)++;
    return 0;
}

/* Prints the failure of the last call on `db` and reports whether `rc` was a failure. */
static int failed(rampart_db *db, int rc, const char *what)
{
    if (rc == RAMPART_OK)
        return 0;
    fprintf(stderr, "%s failed: %s (%s)\n", what, rampart_errmsg(db), rampart_errstr(rc));
    return 1;
}

int main(void)
{
    rampart_db *db = NULL;
    rampart_result *res = NULL;
    int rc, rows = 0;
    int64_t row;

    printf("librampart %s\n\n", rampart_libversion());

    /* NULL (or ":memory:") opens an in-memory assessment; a path opens or creates a file. */
    rc = rampart_open(&db, NULL, 0);
    if (failed(db, rc, "open")) {
        rampart_close(db); /* a handle in a failed state must still be closed */
        return 1;
    }

    /* Commands are separated by newlines or ';'. Each change is one transaction. */
    rc = rampart_exec(db,
        "asset add grid-north name=\"North substation\" sector=energy population=420k recovery=5d\n"
        "asset add water-main name=\"Main water works\" sector=water population=380k recovery=12h\n"
        "asset add hospital name=\"General hospital\" sector=health occupancy=1500 economic_value=250k\n"
        "dep add water-main -> grid-north kind=physical strength=0.9 delay=12h\n"
        "dep add hospital -> grid-north kind=physical delay=48h",
        NULL, NULL);
    if (failed(db, rc, "adding records"))
        goto done;

    /* Listing with a row callback: every cell is display text. */
    rc = rampart_exec(db, "asset list fields=(id, sector, population, recovery) order by population desc",
                      print_row, &rows);
    if (failed(db, rc, "asset list"))
        goto done;
    printf("(%d rows)\n\n", rows);

    /* A typed result: numbers come back in stored units (hours, people, currency). */
    rc = rampart_query(&res, db, "dep list");
    if (failed(db, rc, "dep list"))
        goto done;
    for (row = 0; row < rampart_result_row_count(res); row++) {
        printf("%s depends on %s: strength %.0f%%, buffer %.0f h (%s)\n",
               rampart_result_text(res, row, 0),
               rampart_result_text(res, row, 1),
               100.0 * rampart_result_double(res, row, 3),
               rampart_result_double(res, row, 4),
               rampart_result_text(res, row, 4));
    }
    rampart_result_free(res);
    res = NULL;

    /* Errors: the code says what kind of failure it was, rampart_errmsg() explains it. */
    printf("\nsome commands that are refused:\n");
    rc = rampart_exec(db, "threat add vbied modality=vbied frequency=0.5", NULL, NULL);
    printf("  [%s] %s\n", rampart_errstr(rc), rampart_errmsg(db));
    rc = rampart_exec(db, "asset show nowhere", NULL, NULL);
    printf("  [%s] %s\n", rampart_errstr(rc), rampart_errmsg(db));
    rc = rampart_exec(db, "asset remove grid-north", NULL, NULL);
    printf("  [%s] %s\n", rampart_errstr(rc), rampart_errmsg(db));
    rc = RAMPART_OK; /* these failures were expected */

done:
    rampart_result_free(res);
    if (rampart_close(db) != RAMPART_OK) {
        fprintf(stderr, "close failed\n");
        return 1;
    }
    return rc == RAMPART_OK ? 0 : 1;
}
