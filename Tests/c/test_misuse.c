/*
 * test_misuse.c — librampart must answer every kind of misuse with a status code, never a crash:
 * NULL handles and arguments, invalid UTF-8, closed handles, a result freed twice, indices out
 * of range, two threads on one handle, interrupts from another thread, unknown status codes,
 * callbacks that ask to stop, and rampart_complete() on all kinds of input.
 * Usage: test_misuse [TMPDIR]
 */
#define _POSIX_C_SOURCE 200809L
#include <math.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "check.h"
#include "rampart.h"

/* A pointer value no function may leave behind in an out-parameter after a failure. */
#define POISON ((void *)0x1)

static int64_t count_assets(rampart_db *db)
{
    rampart_result *r = NULL;
    int64_t n = -1;
    if (rampart_query(&r, db, "asset list") == RAMPART_OK)
        n = rampart_result_row_count(r);
    rampart_result_free(r);
    return n;
}

static int text_is(const char *got, const char *want)
{
    return got != NULL && strcmp(got, want) == 0;
}

static int nonempty(const char *s)
{
    return s != NULL && s[0] != '\0';
}

/* ---- NULL handles ------------------------------------------------------------------------ */

static void null_handles(void)
{
    char *s = POISON;
    rampart_result *r = POISON;
    double d[1];
    int kinds[1];
    size_t size = 0;

    CHECK("rampart_open(NULL out) is RAMPART_MISUSE", rampart_open(NULL, NULL, 0) == RAMPART_MISUSE);
    CHECK("rampart_close(NULL) is accepted", rampart_close(NULL) == RAMPART_OK);
    CHECK("rampart_errcode(NULL) is RAMPART_MISUSE", rampart_errcode(NULL) == RAMPART_MISUSE);
    CHECK("rampart_errmsg(NULL) is a static message", nonempty(rampart_errmsg(NULL)));
    rampart_interrupt(NULL);
    CHECK("rampart_interrupt(NULL) does nothing", 1);
    rampart_free(NULL);
    CHECK("rampart_free(NULL) does nothing", 1);
    rampart_result_free(NULL);
    CHECK("rampart_result_free(NULL) does nothing", 1);
    CHECK("rampart_exec(NULL db) is RAMPART_MISUSE", rampart_exec(NULL, "summary", NULL, NULL) == RAMPART_MISUSE);
    CHECK("rampart_exec_json(NULL db) is RAMPART_MISUSE", rampart_exec_json(&s, NULL, "summary") == RAMPART_MISUSE);
    CHECK("rampart_exec_json(NULL db) sets *out to NULL", s == NULL);
    CHECK("rampart_query(NULL db) is RAMPART_MISUSE", rampart_query(&r, NULL, "summary") == RAMPART_MISUSE);
    CHECK("rampart_query(NULL db) sets *out to NULL", r == NULL);
    CHECK("rampart_save(NULL db) is RAMPART_MISUSE", rampart_save(NULL, "/nonexistent-dir/x.rampart") == RAMPART_MISUSE);
    CHECK("rampart_changes(NULL) is 0", rampart_changes(NULL) == 0);
    CHECK("rampart_progress_handler(NULL, …) is RAMPART_MISUSE", rampart_progress_handler(NULL, NULL, NULL) == RAMPART_MISUSE);
    s = POISON;
    CHECK("rampart_completions(NULL db) is RAMPART_MISUSE", rampart_completions(&s, NULL, "as", 2) == RAMPART_MISUSE);
    CHECK("rampart_completions(NULL db) sets *out to NULL", s == NULL);

    CHECK("rampart_result_column_count(NULL) is 0", rampart_result_column_count(NULL) == 0);
    CHECK("rampart_result_row_count(NULL) is 0", rampart_result_row_count(NULL) == 0);
    CHECK("rampart_result_column_name(NULL) is NULL", rampart_result_column_name(NULL, 0) == NULL);
    CHECK("rampart_result_column_type(NULL) is 0", rampart_result_column_type(NULL, 0) == 0);
    CHECK("rampart_result_column_unit(NULL) is NULL", rampart_result_column_unit(NULL, 0) == NULL);
    CHECK("rampart_result_type(NULL) is 0", rampart_result_type(NULL, 0, 0) == 0);
    CHECK("rampart_result_text(NULL) is NULL", rampart_result_text(NULL, 0, 0) == NULL);
    CHECK("rampart_result_string(NULL) is NULL", rampart_result_string(NULL, 0, 0) == NULL);
    CHECK("rampart_result_double(NULL) is NaN", isnan(rampart_result_double(NULL, 0, 0)));
    CHECK("rampart_result_int64(NULL) is 0", rampart_result_int64(NULL, 0, 0) == 0);
    CHECK("rampart_result_column_doubles(NULL) is RAMPART_MISUSE", rampart_result_column_doubles(NULL, 0, d) == RAMPART_MISUSE);
    CHECK("rampart_result_column_types(NULL) is RAMPART_MISUSE", rampart_result_column_types(NULL, 0, kinds) == RAMPART_MISUSE);
    s = POISON;
    CHECK("rampart_result_column_texts(NULL) is RAMPART_MISUSE", rampart_result_column_texts(NULL, 0, 1, &s, &size) == RAMPART_MISUSE);
    CHECK("rampart_result_column_texts(NULL) sets *out to NULL", s == NULL);
    CHECK("rampart_result_output(NULL) does not crash", (rampart_result_output(NULL), 1));
    CHECK("rampart_result_notes(NULL) does not crash", (rampart_result_notes(NULL), 1));
    CHECK("rampart_result_warnings(NULL) does not crash", (rampart_result_warnings(NULL), 1));
    CHECK("rampart_result_changes(NULL) is 0", rampart_result_changes(NULL) == 0);
}

/* ---- NULL arguments ---------------------------------------------------------------------- */

static void null_arguments(rampart_db *db)
{
    char *s = POISON;
    rampart_result *r = POISON;
    int rc;

    rc = rampart_exec(db, NULL, NULL, NULL);
    CHECK("rampart_exec(commands NULL) is RAMPART_MISUSE", rc == RAMPART_MISUSE);
    CHECK("  ... and rampart_errcode() says so", rampart_errcode(db) == RAMPART_MISUSE);
    CHECK("  ... and rampart_errmsg() explains it", nonempty(rampart_errmsg(db)) && strcmp(rampart_errmsg(db), "not an error") != 0);
    CHECK("rampart_exec_json(out NULL) is RAMPART_MISUSE", rampart_exec_json(NULL, db, "summary") == RAMPART_MISUSE);
    rc = rampart_exec_json(&s, db, NULL);
    CHECK("rampart_exec_json(commands NULL) is RAMPART_MISUSE and *out NULL", rc == RAMPART_MISUSE && s == NULL);
    CHECK("rampart_query(out NULL) is RAMPART_MISUSE", rampart_query(NULL, db, "summary") == RAMPART_MISUSE);
    rc = rampart_query(&r, db, NULL);
    CHECK("rampart_query(commands NULL) is RAMPART_MISUSE and *out NULL", rc == RAMPART_MISUSE && r == NULL);
    CHECK("rampart_save(path NULL) is RAMPART_MISUSE", rampart_save(db, NULL) == RAMPART_MISUSE);
    CHECK("rampart_completions(out NULL) is RAMPART_MISUSE", rampart_completions(NULL, db, "as", 2) == RAMPART_MISUSE);
    s = POISON;
    rc = rampart_completions(&s, db, NULL, 0);
    CHECK("rampart_completions(line NULL) is RAMPART_MISUSE and *out NULL", rc == RAMPART_MISUSE && s == NULL);
    CHECK("rampart_complete(NULL) is -1", rampart_complete(NULL) == -1);
    CHECK("a successful call resets rampart_errcode()", rampart_exec(db, "summary", NULL, NULL) == RAMPART_OK
                                                        && rampart_errcode(db) == RAMPART_OK
                                                        && text_is(rampart_errmsg(db), "not an error"));
    CHECK("an empty command string is fine", rampart_exec(db, "", NULL, NULL) == RAMPART_OK);
    CHECK("blank commands and comments are fine", rampart_exec(db, " \n ; ;\n# only a comment", NULL, NULL) == RAMPART_OK);
}

/* ---- invalid UTF-8 ----------------------------------------------------------------------- */

static void invalid_utf8(rampart_db *db, const char *tmpdir)
{
    char *s = POISON;
    rampart_result *r = POISON;
    rampart_db *other = NULL;
    char path[512];
    int64_t before = count_assets(db);
    int rc;

    rc = rampart_exec(db, "asset add bad sector=energy name=\"caf\xe9\"", NULL, NULL);
    CHECK("rampart_exec with a Latin-1 byte is RAMPART_ENCODING", rc == RAMPART_ENCODING);
    CHECK("  ... and rampart_errmsg() says so", nonempty(rampart_errmsg(db)) && strstr(rampart_errmsg(db), "UTF-8") != NULL);
    CHECK("rampart_exec with a truncated sequence is RAMPART_ENCODING", rampart_exec(db, "asset list where name = \"\xc3\"", NULL, NULL) == RAMPART_ENCODING);
    CHECK("rampart_exec with an overlong encoding is RAMPART_ENCODING", rampart_exec(db, "asset add x sector=energy name=\"\xc0\xaf\"", NULL, NULL) == RAMPART_ENCODING);
    CHECK("rampart_exec with an encoded surrogate is RAMPART_ENCODING", rampart_exec(db, "asset add x sector=energy name=\"\xed\xa0\x80\"", NULL, NULL) == RAMPART_ENCODING);
    rc = rampart_exec_json(&s, db, "asset add bad sector=energy name=\"\xff\"");
    CHECK("rampart_exec_json with invalid UTF-8 is RAMPART_ENCODING and *out NULL", rc == RAMPART_ENCODING && s == NULL);
    rc = rampart_query(&r, db, "asset add bad sector=energy name=\"\xfe\"");
    CHECK("rampart_query with invalid UTF-8 is RAMPART_ENCODING and *out NULL", rc == RAMPART_ENCODING && r == NULL);
    s = POISON;
    rc = rampart_completions(&s, db, "asset show \xff", 12);
    CHECK("rampart_completions with invalid UTF-8 is RAMPART_ENCODING and *out NULL", rc == RAMPART_ENCODING && s == NULL);
    CHECK("rampart_complete with invalid UTF-8 is -1", rampart_complete("asset list where name = \"\xff") == -1);
    CHECK("nothing was added by the refused commands", count_assets(db) == before);

    snprintf(path, sizeof path, "%s/bad-\xff.rampart", tmpdir);
    rc = rampart_open(&other, path, RAMPART_OPEN_CREATE);
    CHECK("rampart_open with an invalid UTF-8 path is RAMPART_ENCODING", rc == RAMPART_ENCODING);
    CHECK("  ... still gives a handle that explains the failure", other != NULL && nonempty(rampart_errmsg(other)));
    CHECK("  ... which refuses commands with RAMPART_MISUSE", rampart_exec(other, "summary", NULL, NULL) == RAMPART_MISUSE);
    CHECK("  ... and closes", rampart_close(other) == RAMPART_OK);
    CHECK("  ... and created no file", access(path, F_OK) != 0);
    rc = rampart_save(db, path);
    CHECK("rampart_save to an invalid UTF-8 path is RAMPART_ENCODING", rc == RAMPART_ENCODING && access(path, F_OK) != 0);
}

/* ---- closed handles and results ---------------------------------------------------------- */

static void closed_handle(const char *tmpdir)
{
    rampart_db *db = NULL;
    rampart_result *r = NULL;
    char *s = NULL, path[512];
    int rc;

    snprintf(path, sizeof path, "%s/flags.rampart", tmpdir);
    rc = rampart_open(&db, path, RAMPART_OPEN_CREATE | 0x80u);
    CHECK("rampart_open with an unknown flag is RAMPART_MISUSE", rc == RAMPART_MISUSE);
    CHECK("  ... gives a handle that names the flag", db != NULL && strstr(rampart_errmsg(db), "0x80") != NULL);
    CHECK("  ... and created no file", access(path, F_OK) != 0);
    CHECK("  ... and the handle closes", rampart_close(db) == RAMPART_OK);
    db = NULL;

    rc = rampart_open(&db, NULL, 0);
    CHECK("open an in-memory assessment", rc == RAMPART_OK && db != NULL);
    rc = rampart_query(&r, db, "summary");
    CHECK("query before close", rc == RAMPART_OK);
    CHECK("close", rampart_close(db) == RAMPART_OK);
    /* The address was not reused (no handle was opened since), so misuse is detected. */
    CHECK("closing again is RAMPART_MISUSE", rampart_close(db) == RAMPART_MISUSE);
    CHECK("rampart_exec on a closed handle is RAMPART_MISUSE", rampart_exec(db, "summary", NULL, NULL) == RAMPART_MISUSE);
    CHECK("rampart_exec_json on a closed handle is RAMPART_MISUSE", rampart_exec_json(&s, db, "summary") == RAMPART_MISUSE);
    CHECK("rampart_errcode on a closed handle is RAMPART_MISUSE", rampart_errcode(db) == RAMPART_MISUSE);
    CHECK("rampart_errmsg on a closed handle is a static message", nonempty(rampart_errmsg(db)));
    CHECK("rampart_changes on a closed handle is 0", rampart_changes(db) == 0);
    snprintf(path, sizeof path, "%s/never.rampart", tmpdir);
    CHECK("rampart_save on a closed handle is RAMPART_MISUSE", rampart_save(db, path) == RAMPART_MISUSE
                                                              && access(path, F_OK) != 0);
    rampart_interrupt(db);
    CHECK("rampart_interrupt on a closed handle does nothing", 1);
    rampart_result_free(r);
}

static void double_free(rampart_db *db)
{
    rampart_result *r = NULL, *r2 = NULL;
    int rc;

    rc = rampart_query(&r, db, "summary");
    CHECK("a result to free twice", rc == RAMPART_OK && r != NULL);
    rampart_result_free(r);
    rampart_result_free(r); /* the second free must be detected and ignored */
    CHECK("freeing a result twice does not crash", 1);
    CHECK("a freed result reads as empty", rampart_result_column_count(r) == 0 && rampart_result_row_count(r) == 0);
    rc = rampart_query(&r2, db, "asset list");
    CHECK("the handle still works after the double free", rc == RAMPART_OK && rampart_result_column_count(r2) > 0);
    rampart_result_free(r2);
    rampart_free(NULL);
}

static void out_of_range(rampart_db *db)
{
    rampart_result *r = NULL;
    double d[8];
    int kinds[8];
    char *s = NULL;
    size_t size = 0;
    int rc, ncols;
    int64_t nrows;

    rc = rampart_query(&r, db, "asset list");
    ncols = rampart_result_column_count(r);
    nrows = rampart_result_row_count(r);
    CHECK("a result with rows and columns", rc == RAMPART_OK && ncols > 0 && nrows > 0 && nrows <= 8);
    CHECK("column_name(-1) and column_name(ncols) are NULL",
          rampart_result_column_name(r, -1) == NULL && rampart_result_column_name(r, ncols) == NULL);
    CHECK("column_type(-1) and column_type(ncols) are 0",
          rampart_result_column_type(r, -1) == 0 && rampart_result_column_type(r, ncols) == 0);
    CHECK("column_unit(-1) and column_unit(ncols) are NULL",
          rampart_result_column_unit(r, -1) == NULL && rampart_result_column_unit(r, ncols) == NULL);
    CHECK("type() out of range is 0",
          rampart_result_type(r, -1, 0) == 0 && rampart_result_type(r, nrows, 0) == 0
          && rampart_result_type(r, 0, ncols) == 0 && rampart_result_type(r, 0, -1) == 0);
    CHECK("text() out of range is NULL",
          rampart_result_text(r, -1, 0) == NULL && rampart_result_text(r, nrows, 0) == NULL
          && rampart_result_text(r, 0, ncols) == NULL && rampart_result_text(r, INT64_MAX, 0) == NULL);
    CHECK("string() out of range is NULL",
          rampart_result_string(r, -1, 0) == NULL && rampart_result_string(r, nrows, 0) == NULL
          && rampart_result_string(r, 0, ncols) == NULL);
    CHECK("double() out of range is NaN",
          isnan(rampart_result_double(r, nrows, 0)) && isnan(rampart_result_double(r, 0, -7)));
    CHECK("int64() out of range is 0",
          rampart_result_int64(r, INT64_MIN, 0) == 0 && rampart_result_int64(r, 0, ncols + 100) == 0);
    CHECK("column_doubles() of a column out of range is RAMPART_MISUSE",
          rampart_result_column_doubles(r, ncols, d) == RAMPART_MISUSE
          && rampart_result_column_doubles(r, -1, d) == RAMPART_MISUSE);
    CHECK("column_doubles() into NULL is RAMPART_MISUSE", rampart_result_column_doubles(r, 0, NULL) == RAMPART_MISUSE);
    CHECK("column_types() of a column out of range is RAMPART_MISUSE",
          rampart_result_column_types(r, ncols, kinds) == RAMPART_MISUSE
          && rampart_result_column_types(r, -1, kinds) == RAMPART_MISUSE);
    CHECK("column_types() into NULL is RAMPART_MISUSE", rampart_result_column_types(r, 0, NULL) == RAMPART_MISUSE);
    s = POISON;
    CHECK("column_texts() of a column out of range is RAMPART_MISUSE and sets *out to NULL",
          rampart_result_column_texts(r, ncols, 1, &s, &size) == RAMPART_MISUSE && s == NULL);
    s = POISON;
    CHECK("column_texts() of column -1 is RAMPART_MISUSE and sets *out to NULL",
          rampart_result_column_texts(r, -1, 0, &s, &size) == RAMPART_MISUSE && s == NULL);
    CHECK("column_texts() into NULL is RAMPART_MISUSE", rampart_result_column_texts(r, 0, 1, NULL, &size) == RAMPART_MISUSE);
    s = NULL;
    CHECK("column_texts() without a size pointer works", rampart_result_column_texts(r, 0, 1, &s, NULL) == RAMPART_OK && s != NULL);
    rampart_free(s);
    CHECK("in-range cells still read", nonempty(rampart_result_text(r, 0, 0)));
    rampart_result_free(r);
}

/* ---- two threads on one handle ----------------------------------------------------------- */

struct blocker {
    rampart_db *db;
    pthread_mutex_t mu;
    pthread_cond_t cv;
    int inside, release, rows, rc;
};

static int blocking_row(void *payload, int ncols, char **values, char **names)
{
    struct blocker *b = payload;
    (void)ncols;
    (void)values;
    (void)names;
    pthread_mutex_lock(&b->mu);
    if (b->rows++ == 0) {
        b->inside = 1;
        pthread_cond_broadcast(&b->cv);
        while (!b->release)
            pthread_cond_wait(&b->cv, &b->mu);
    }
    pthread_mutex_unlock(&b->mu);
    return 0;
}

static void *blocking_exec(void *arg)
{
    struct blocker *b = arg;
    b->rc = rampart_exec(b->db, "asset list; asset add after-block sector=energy", blocking_row, b);
    return NULL;
}

static void start_blocked(struct blocker *b, pthread_t *t)
{
    pthread_create(t, NULL, blocking_exec, b);
    pthread_mutex_lock(&b->mu);
    while (!b->inside)
        pthread_cond_wait(&b->cv, &b->mu);
    pthread_mutex_unlock(&b->mu);
}

static void release_blocked(struct blocker *b, pthread_t t)
{
    pthread_mutex_lock(&b->mu);
    b->release = 1;
    pthread_cond_broadcast(&b->cv);
    pthread_mutex_unlock(&b->mu);
    pthread_join(t, NULL);
}

static void one_handle_two_threads(rampart_db *db, const char *tmpdir)
{
    struct blocker b;
    pthread_t t;
    rampart_result *r = POISON;
    char *s = POISON, path[512];
    int rc;

    memset(&b, 0, sizeof b);
    b.db = db;
    pthread_mutex_init(&b.mu, NULL);
    pthread_cond_init(&b.cv, NULL);
    /* Thread A is inside rampart_exec (blocked in its row callback) while we call in. */
    start_blocked(&b, &t);
    CHECK("second thread: rampart_exec is RAMPART_BUSY", rampart_exec(db, "summary", NULL, NULL) == RAMPART_BUSY);
    rc = rampart_query(&r, db, "summary");
    CHECK("second thread: rampart_query is RAMPART_BUSY", rc == RAMPART_BUSY);
    CHECK("second thread: rampart_query sets *out to NULL when busy", r == NULL);
    rc = rampart_exec_json(&s, db, "summary");
    CHECK("second thread: rampart_exec_json is RAMPART_BUSY", rc == RAMPART_BUSY);
    CHECK("second thread: rampart_exec_json sets *out to NULL when busy", s == NULL);
    snprintf(path, sizeof path, "%s/busy.rampart", tmpdir);
    CHECK("second thread: rampart_save is RAMPART_BUSY", rampart_save(db, path) == RAMPART_BUSY && access(path, F_OK) != 0);
    s = POISON;
    rc = rampart_completions(&s, db, "ass", 3);
    CHECK("second thread: rampart_completions is RAMPART_BUSY", rc == RAMPART_BUSY);
    if (rc == RAMPART_OK)
        rampart_free(s);
    CHECK("second thread: rampart_close is RAMPART_BUSY (and does not close)", rampart_close(db) == RAMPART_BUSY);
    release_blocked(&b, t);
    CHECK("first thread's command completed normally", b.rc == RAMPART_OK && b.rows > 0);
    CHECK("the handle is usable after the contention", rampart_exec(db, "asset remove after-block", NULL, NULL) == RAMPART_OK);

    /* Interrupt from another thread while the first one is inside rampart_exec: the rest of the
     * commands does not run. */
    memset(&b, 0, sizeof b);
    b.db = db;
    pthread_mutex_init(&b.mu, NULL);
    pthread_cond_init(&b.cv, NULL);
    start_blocked(&b, &t);
    rampart_interrupt(db);
    release_blocked(&b, t);
    CHECK("rampart_interrupt from another thread: RAMPART_INTERRUPTED", b.rc == RAMPART_INTERRUPTED);
    CHECK("  ... and the following command did not run", rampart_exec(db, "asset show after-block", NULL, NULL) == RAMPART_NOTFOUND);
    CHECK("  ... and the handle works afterwards", rampart_exec(db, "summary", NULL, NULL) == RAMPART_OK);
    pthread_mutex_destroy(&b.mu);
    pthread_cond_destroy(&b.cv);
}

/* Several threads hammer one handle without any coordination: every call must answer OK or
 * RAMPART_BUSY, and the assessment must hold exactly the adds that answered OK. */
struct hammer {
    rampart_db *db;
    int index, ok_adds, busy, other;
};

static void *hammer_handle(void *arg)
{
    struct hammer *h = arg;
    rampart_result *r;
    char cmd[96];
    int i, rc;

    for (i = 0; i < 400; i++) {
        snprintf(cmd, sizeof cmd, "asset add h%d-%d sector=energy", h->index, i);
        rc = rampart_exec(h->db, cmd, NULL, NULL);
        if (rc == RAMPART_OK)
            h->ok_adds++;
        else if (rc == RAMPART_BUSY)
            h->busy++;
        else
            h->other++;
        r = NULL;
        rc = rampart_query(&r, h->db, "asset list where sector = energy");
        if (rc == RAMPART_BUSY)
            h->busy++;
        else if (rc != RAMPART_OK || r == NULL)
            h->other++;
        rampart_result_free(r);
        (void)rampart_errcode(h->db);
        (void)rampart_changes(h->db);
    }
    return NULL;
}

static void hammer(void)
{
    struct hammer h[4];
    pthread_t t[4];
    rampart_db *db = NULL;
    rampart_result *r = NULL;
    int i, adds = 0, busy = 0, other = 0;
    char what[160];

    rampart_open(&db, NULL, 0);
    memset(h, 0, sizeof h);
    for (i = 0; i < 4; i++) {
        h[i].db = db;
        h[i].index = i;
        pthread_create(&t[i], NULL, hammer_handle, &h[i]);
    }
    for (i = 0; i < 4; i++) {
        pthread_join(t[i], NULL);
        adds += h[i].ok_adds;
        busy += h[i].busy;
        other += h[i].other;
    }
    snprintf(what, sizeof what, "4 threads on one handle: %d adds, %d busy answers, %d other answers",
             adds, busy, other);
    CHECK(what, other == 0 && adds > 0);
    CHECK("  ... the assessment holds exactly the adds that succeeded",
          rampart_query(&r, db, "asset list") == RAMPART_OK && rampart_result_row_count(r) == adds);
    rampart_result_free(r);
    CHECK("  ... and the handle closes", rampart_close(db) == RAMPART_OK);
}

/* ---- interrupting a long command --------------------------------------------------------- */

struct long_run {
    rampart_db *db;
    const char *commands;
    volatile int done;
    int rc;
};

static void *run_long(void *arg)
{
    struct long_run *l = arg;
    l->rc = rampart_exec(l->db, l->commands, NULL, NULL);
    l->done = 1;
    return NULL;
}

static void sleep_ms(long ms)
{
    struct timespec ts;
    ts.tv_sec = ms / 1000;
    ts.tv_nsec = (ms % 1000) * 1000000L;
    nanosleep(&ts, NULL);
}

static double seconds(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static void interrupt_long_command(rampart_db *db, const char *tmpdir)
{
    char csv[512], cmd[600];
    struct long_run l;
    pthread_t t;
    FILE *f;
    int i, interrupts = 0;
    int64_t before = count_assets(db);
    double started;

    snprintf(csv, sizeof csv, "%s/many.csv", tmpdir);
    f = fopen(csv, "w");
    if (f == NULL) {
        CHECK("write a large CSV to import", 0);
        return;
    }
    fprintf(f, "id,name,sector,lat,lon,population,economic_value,mtpd_h,recovery_h\n");
    for (i = 0; i < 100000; i++)
        fprintf(f, "bulk-%d,Bulk asset %d,energy,1.5,2.5,%d,1000,24,48\n", i, i, i);
    fclose(f);
    snprintf(cmd, sizeof cmd, "import assets %s", csv);

    memset(&l, 0, sizeof l);
    l.db = db;
    l.commands = cmd;
    started = seconds();
    pthread_create(&t, NULL, run_long, &l);
    sleep_ms(100);
    /* Keep asking until it stops: an interrupt that arrives before the import starts is dropped. */
    while (!l.done && seconds() - started < 60.0) {
        rampart_interrupt(db);
        interrupts++;
        sleep_ms(20);
    }
    pthread_join(t, NULL);
    CHECK("interrupting a 100k-row import from another thread gives RAMPART_INTERRUPTED", l.rc == RAMPART_INTERRUPTED);
    CHECK("  ... and rampart_errcode() is RAMPART_INTERRUPTED", rampart_errcode(db) == RAMPART_INTERRUPTED);
    CHECK("  ... and imports nothing", count_assets(db) == before);
    rampart_interrupt(db); /* nothing runs: harmless, and not remembered */
    CHECK("an interrupt while idle does not affect the next command", rampart_exec(db, "summary", NULL, NULL) == RAMPART_OK);
    unlink(csv);
    (void)interrupts;
}

/* ---- status strings, callbacks, completeness --------------------------------------------- */

static void status_strings(void)
{
    int code, distinct = 1, j;
    const char *texts[17];
    char what[128];

    for (code = RAMPART_OK; code <= RAMPART_ABORT; code++) {
        texts[code] = rampart_errstr(code);
        snprintf(what, sizeof what, "rampart_errstr(%d) = \"%s\"", code, texts[code] ? texts[code] : "(null)");
        CHECK(what, nonempty(texts[code]) && strcmp(texts[code], "unknown error") != 0);
        for (j = 0; j < code; j++)
            if (texts[j] && texts[code] && strcmp(texts[j], texts[code]) == 0)
                distinct = 0;
    }
    CHECK("every status code has its own description", distinct);
    CHECK("rampart_errstr(-1) is \"unknown error\"", text_is(rampart_errstr(-1), "unknown error"));
    CHECK("rampart_errstr(17) is \"unknown error\"", text_is(rampart_errstr(17), "unknown error"));
    CHECK("rampart_errstr(INT32_MAX) is \"unknown error\"", text_is(rampart_errstr(2147483647), "unknown error"));
}

static int stop_at_first(void *payload, int ncols, char **values, char **names)
{
    int *calls = payload;
    (void)ncols;
    (void)values;
    (void)names;
    (*calls)++;
    return 1;
}

static int stop_at_second(void *payload, int ncols, char **values, char **names)
{
    int *calls = payload;
    (void)ncols;
    (void)values;
    (void)names;
    return ++(*calls) == 2 ? -1 : 0;
}

static void callbacks(rampart_db *db)
{
    int calls = 0, rc;

    rc = rampart_exec(db, "asset list; asset add cb-after sector=energy", stop_at_first, &calls);
    CHECK("a callback returning 1 gives RAMPART_ABORT", rc == RAMPART_ABORT);
    CHECK("  ... after exactly one call", calls == 1);
    CHECK("  ... rampart_errcode() is RAMPART_ABORT", rampart_errcode(db) == RAMPART_ABORT);
    CHECK("  ... the following command did not run", rampart_exec(db, "asset show cb-after", NULL, NULL) == RAMPART_NOTFOUND);
    calls = 0;
    rc = rampart_exec(db, "asset list", stop_at_second, &calls);
    CHECK("a callback returning -1 on the second row gives RAMPART_ABORT after two calls", rc == RAMPART_ABORT && calls == 2);
}

static void completeness(void)
{
    struct {
        const char *text;
        int want;
    } cases[] = {
        { "asset list", 1 },
        { "", 1 },
        { "asset add a sector=energy; asset list", 1 },
        { "asset add a name=\"semi;colon (and paren\" sector=energy", 1 },
        { "asset list # a comment with an open ( and a \"", 1 },
        { "asset list where", 0 },
        { "asset list where sector = energy and", 0 },
        { "asset list where sector = energy or", 0 },
        { "asset list where (sector = energy", 0 },
        { "measure add m rights=(privacy,", 0 },
        { "asset add a name=\"unclosed", 0 },
        { "asset add a \\", 0 },
        { "asset list where sector = energy and\n population > 5", 1 },
        { "asset list where ((sector = energy)", 0 },
    };
    char what[200];
    size_t i;

    for (i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        int got = rampart_complete(cases[i].text);
        snprintf(what, sizeof what, "rampart_complete(\"%s\") is %d (got %d)", cases[i].text, cases[i].want, got);
        for (char *p = what; *p; p++)
            if (*p == '\n')
                *p = ' ';
        CHECK(what, got == cases[i].want);
    }
    CHECK("rampart_complete(NULL) is -1", rampart_complete(NULL) == -1);
    CHECK("rampart_complete(invalid UTF-8) is -1", rampart_complete("asset \xff\xfe") == -1);
}

static void completion_cursor(rampart_db *db)
{
    char *s = NULL;
    int rc;

    rc = rampart_completions(&s, db, "ass", 3);
    CHECK("completions of 'ass' include 'asset'", rc == RAMPART_OK && s != NULL && strstr(s, "asset") != NULL);
    rampart_free(s);
    s = NULL;
    rc = rampart_completions(&s, db, "asset show a", 12);
    CHECK("completions of 'asset show a' offer the assessment's ids a1 and a2",
          rc == RAMPART_OK && s != NULL && strcmp(s, "a1\na2") == 0);
    rampart_free(s);
    s = NULL;
    rc = rampart_completions(&s, db, "asset show zz", 13);
    CHECK("completions with no candidate are an empty string", rc == RAMPART_OK && s != NULL && s[0] == '\0');
    rampart_free(s);
    s = NULL;
    rc = rampart_completions(&s, db, "asset", -5);
    CHECK("a negative cursor does not crash (OK or RAMPART_MISUSE)", rc == RAMPART_OK || rc == RAMPART_MISUSE);
    rampart_free(s);
    s = NULL;
    rc = rampart_completions(&s, db, "asset", 1000);
    CHECK("a cursor beyond the line does not crash (OK or RAMPART_MISUSE)", rc == RAMPART_OK || rc == RAMPART_MISUSE);
    rampart_free(s);
    s = NULL;
    rc = rampart_completions(&s, db, "asset add x name=\"\xc3\xa9t\xc3\xa9\"", 20);
    CHECK("a cursor inside a multi-byte character does not crash", rc == RAMPART_OK || rc == RAMPART_MISUSE || rc == RAMPART_ENCODING);
    rampart_free(s);
}

int main(int argc, char **argv)
{
    const char *base = argc > 1 ? argv[1] : (getenv("TMPDIR") ? getenv("TMPDIR") : "/tmp");
    char tmpdir[256];
    rampart_db *db = NULL;
    int rc;

    snprintf(tmpdir, sizeof tmpdir, "%s/rampart-misuse.XXXXXX", base);
    if (mkdtemp(tmpdir) == NULL) {
        perror("mkdtemp");
        return 1;
    }

    null_handles();
    rc = rampart_open(&db, NULL, 0);
    CHECK("open an in-memory assessment", rc == RAMPART_OK);
    rc = rampart_exec(db, "asset add a1 sector=energy population=10; asset add a2 sector=water", NULL, NULL);
    CHECK("add two assets", rc == RAMPART_OK);
    null_arguments(db);
    invalid_utf8(db, tmpdir);
    closed_handle(tmpdir);
    double_free(db);
    out_of_range(db);
    one_handle_two_threads(db, tmpdir);
    hammer();
    interrupt_long_command(db, tmpdir);
    status_strings();
    callbacks(db);
    completeness();
    completion_cursor(db);
    CHECK("close the assessment", rampart_close(db) == RAMPART_OK);
    rmdir(tmpdir);
    return check_summary();
}
