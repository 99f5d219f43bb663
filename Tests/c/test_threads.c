/*
 * test_threads.c — several threads, each with its own handle, working at the same time.
 *
 *  1. Eight threads, half on in-memory assessments and half on their own temporary files, each
 *     adding assets and dependencies and listing them many times, checking every result.
 *  2. Four threads with their own handles on ONE shared file, each adding its own assets; at
 *     the end a fresh handle must see every asset of every thread.
 *  3. Functions that take no handle (rampart_errstr, rampart_complete, rampart_libversion) are
 *     called from all threads at once.
 *
 * Worker threads only record what went wrong; the checks are printed by the main thread.
 * Usage: test_threads [TMPDIR]
 */
#define _POSIX_C_SOURCE 200809L
#include <math.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "check.h"
#include "rampart.h"

#define WORKERS 8
#define ASSETS_PER_WORKER 150
#define LIST_EVERY 10
#define SHARED_WORKERS 4
#define SHARED_ASSETS 60

struct worker {
    int index;
    char path[320];     /* "" for an in-memory assessment */
    const char *shared; /* non-NULL: a file shared with other workers */
    int assets;
    int errors;         /* failed calls and wrong results */
    int lists;          /* list results checked */
    char first_error[512];
};

static void note_error(struct worker *w, const char *fmt, const char *a, const char *b)
{
    w->errors++;
    if (w->first_error[0] == '\0')
        snprintf(w->first_error, sizeof w->first_error, fmt, a, b);
}

struct row_count {
    int rows;
    int bad;
    const char *prefix;
};

static int count_rows(void *payload, int ncols, char **values, char **names)
{
    struct row_count *c = payload;
    c->rows++;
    if (ncols < 1 || names[0] == NULL || strcmp(names[0], "id") != 0 || values[0] == NULL
        || strncmp(values[0], c->prefix, strlen(c->prefix)) != 0)
        c->bad++;
    return 0;
}

static void *private_worker(void *arg)
{
    struct worker *w = arg;
    rampart_db *db = NULL;
    rampart_result *res = NULL;
    char cmd[256], prefix[32], num[32];
    int i, rc;

    snprintf(prefix, sizeof prefix, "w%d-", w->index);
    rc = rampart_open(&db, w->path[0] ? w->path : NULL, RAMPART_OPEN_CREATE);
    if (rc != RAMPART_OK) {
        note_error(w, "open failed: %s%s", rampart_errmsg(db), "");
        rampart_close(db);
        return NULL;
    }
    for (i = 1; i <= ASSETS_PER_WORKER; i++) {
        snprintf(cmd, sizeof cmd, "asset add %s%d sector=%s population=%d recovery=%dh",
                 prefix, i, i % 2 ? "energy" : "water", i * 10, i);
        rc = rampart_exec(db, cmd, NULL, NULL);
        if (rc != RAMPART_OK) {
            note_error(w, "%s: %s", cmd, rampart_errmsg(db));
            continue;
        }
        w->assets++;
        if (i > 1) {
            snprintf(cmd, sizeof cmd, "dep add %s%d -> %s%d strength=0.5", prefix, i, prefix, i - 1);
            if (rampart_exec(db, cmd, NULL, NULL) != RAMPART_OK)
                note_error(w, "%s: %s", cmd, rampart_errmsg(db));
        }
        if (i % LIST_EVERY == 0) {
            struct row_count c = { 0, 0, NULL };
            int64_t expected_energy = (i + 1) / 2;
            double sum = 0.0, *pop;
            int64_t r;

            c.prefix = prefix;
            rc = rampart_exec(db, "asset list", count_rows, &c);
            if (rc != RAMPART_OK || c.rows != i || c.bad != 0) {
                snprintf(num, sizeof num, "%d rows", c.rows);
                note_error(w, "asset list gave %s: %s", num, rampart_errmsg(db));
            }
            rc = rampart_query(&res, db, "asset list where sector = energy order by population desc");
            if (rc != RAMPART_OK || rampart_result_row_count(res) != expected_energy) {
                note_error(w, "energy list wrong: %s%s", rampart_errmsg(db), "");
            } else {
                /* Highest population first; every value is a multiple of 10. */
                if (rampart_result_int64(res, 0, 5) != (int64_t)((i % 2 ? i : i - 1) * 10))
                    note_error(w, "order by population desc: first row is %s%s",
                               rampart_result_text(res, 0, 5), "");
                pop = malloc(sizeof *pop * (size_t)expected_energy);
                if (pop && rampart_result_column_doubles(res, 5, pop) == RAMPART_OK) {
                    for (r = 0; r < expected_energy; r++)
                        sum += pop[r];
                    /* sum of 10*(1+3+5+...) over the odd numbers up to i */
                    if (fabs(sum - 10.0 * (double)(expected_energy * expected_energy)) > 0.5)
                        note_error(w, "population sum wrong%s%s", "", "");
                } else {
                    note_error(w, "column_doubles failed%s%s", "", "");
                }
                free(pop);
                w->lists++;
            }
            rampart_result_free(res);
            res = NULL;
            rc = rampart_query(&res, db, "dep list");
            if (rc != RAMPART_OK || rampart_result_row_count(res) != i - 1)
                note_error(w, "dep list wrong: %s%s", rampart_errmsg(db), "");
            rampart_result_free(res);
            res = NULL;
        }
    }
    /* A failing command in the middle of the work does not disturb the handle. */
    snprintf(cmd, sizeof cmd, "asset add %s1 sector=energy", prefix);
    if (rampart_exec(db, cmd, NULL, NULL) != RAMPART_CONSTRAINT)
        note_error(w, "duplicate id was not refused with RAMPART_CONSTRAINT%s%s", "", "");
    if (rampart_close(db) != RAMPART_OK)
        note_error(w, "close failed%s%s", "", "");

    /* Files keep what was written: reopen and count. */
    if (w->path[0]) {
        db = NULL;
        rc = rampart_open(&db, w->path, RAMPART_OPEN_READONLY);
        if (rc != RAMPART_OK || rampart_query(&res, db, "asset list") != RAMPART_OK
            || rampart_result_row_count(res) != ASSETS_PER_WORKER)
            note_error(w, "reopened file does not hold every asset: %s%s", rampart_errmsg(db), "");
        rampart_result_free(res);
        rampart_close(db);
    }
    return NULL;
}

static void *shared_worker(void *arg)
{
    struct worker *w = arg;
    rampart_db *db = NULL;
    char cmd[256];
    int i, rc;

    rc = rampart_open(&db, w->shared, 0);
    if (rc != RAMPART_OK) {
        note_error(w, "open of the shared file failed: %s%s", rampart_errmsg(db), "");
        rampart_close(db);
        return NULL;
    }
    for (i = 1; i <= SHARED_ASSETS; i++) {
        snprintf(cmd, sizeof cmd, "asset add s%d-%d sector=transport population=%d", w->index, i, i);
        /* No retry: the library must wait for the other writers itself. */
        rc = rampart_exec(db, cmd, NULL, NULL);
        if (rc != RAMPART_OK)
            note_error(w, "%s: %s", rampart_errstr(rc), rampart_errmsg(db));
        else
            w->assets++;
        if (i % LIST_EVERY == 0) {
            struct row_count c = { 0, 0, "s" };
            rc = rampart_exec(db, "asset list where sector = transport", count_rows, &c);
            if (rc != RAMPART_OK || c.rows < i || c.bad != 0)
                note_error(w, "listing the shared file failed: %s%s", rampart_errmsg(db), "");
            else
                w->lists++;
        }
    }
    rampart_close(db);
    return NULL;
}

static volatile int stateless_errors = 0;

static void *stateless_worker(void *arg)
{
    int i, code;
    (void)arg;
    for (i = 0; i < 2000; i++) {
        code = i % 20;
        if (rampart_errstr(code) == NULL || rampart_libversion() == NULL
            || rampart_complete("asset list where") != 0 || rampart_complete("asset list") != 1)
            stateless_errors++;
    }
    return NULL;
}

int main(int argc, char **argv)
{
    struct worker workers[WORKERS], shared[SHARED_WORKERS];
    pthread_t threads[WORKERS + SHARED_WORKERS + 4];
    char dir[256], shared_path[320], what[1024];
    const char *base = argc > 1 ? argv[1] : (getenv("TMPDIR") ? getenv("TMPDIR") : "/tmp");
    rampart_db *db = NULL;
    rampart_result *res = NULL;
    int i, started = 0, rc;

    snprintf(dir, sizeof dir, "%s/rampart-threads.XXXXXX", base);
    if (mkdtemp(dir) == NULL) {
        perror("mkdtemp");
        return 1;
    }

    /* 1. private handles */
    memset(workers, 0, sizeof workers);
    for (i = 0; i < WORKERS; i++) {
        workers[i].index = i;
        if (i % 2)
            snprintf(workers[i].path, sizeof workers[i].path, "%s/w%d.rampart", dir, i);
        if (pthread_create(&threads[i], NULL, private_worker, &workers[i]) != 0) {
            perror("pthread_create");
            return 1;
        }
    }
    for (i = 0; i < WORKERS; i++)
        pthread_join(threads[i], NULL);
    for (i = 0; i < WORKERS; i++) {
        snprintf(what, sizeof what, "thread %d (%s): %d assets added, %d lists checked, %d errors%s%s",
                 i, workers[i].path[0] ? "own file" : "in memory", workers[i].assets, workers[i].lists,
                 workers[i].errors, workers[i].errors ? "; first: " : "", workers[i].first_error);
        CHECK(what, workers[i].errors == 0 && workers[i].assets == ASSETS_PER_WORKER
                    && workers[i].lists == ASSETS_PER_WORKER / LIST_EVERY);
    }

    /* 2. one file, several handles */
    snprintf(shared_path, sizeof shared_path, "%s/shared.rampart", dir);
    rc = rampart_open(&db, shared_path, RAMPART_OPEN_CREATE);
    CHECK("create the shared file", rc == RAMPART_OK);
    rampart_close(db);
    db = NULL;
    memset(shared, 0, sizeof shared);
    for (i = 0; i < SHARED_WORKERS; i++) {
        shared[i].index = i;
        shared[i].shared = shared_path;
        pthread_create(&threads[started++], NULL, shared_worker, &shared[i]);
    }
    /* 3. handle-free functions from several threads at the same time */
    for (i = 0; i < 4; i++)
        pthread_create(&threads[started++], NULL, stateless_worker, NULL);
    for (i = 0; i < started; i++)
        pthread_join(threads[i], NULL);
    {
        int added = 0, errors = 0;
        const char *first = "";
        for (i = 0; i < SHARED_WORKERS; i++) {
            added += shared[i].assets;
            errors += shared[i].errors;
            if (first[0] == '\0' && shared[i].errors)
                first = shared[i].first_error;
        }
        snprintf(what, sizeof what, "%d threads with their own handles on one file: %d of %d assets added, %d errors%s%s",
                 SHARED_WORKERS, added, SHARED_WORKERS * SHARED_ASSETS, errors, errors ? "; first: " : "", first);
        CHECK(what, errors == 0 && added == SHARED_WORKERS * SHARED_ASSETS);
    }
    rc = rampart_open(&db, shared_path, RAMPART_OPEN_READONLY);
    CHECK("reopen the shared file", rc == RAMPART_OK);
    rc = rampart_query(&res, db, "asset list where sector = transport");
    snprintf(what, sizeof what, "the shared file holds all %d assets (found %lld)",
             SHARED_WORKERS * SHARED_ASSETS, (long long)rampart_result_row_count(res));
    CHECK(what, rc == RAMPART_OK && rampart_result_row_count(res) == SHARED_WORKERS * SHARED_ASSETS);
    rampart_result_free(res);
    rampart_close(db);
    CHECK("rampart_errstr, rampart_complete and rampart_libversion from 4 threads at once",
          stateless_errors == 0);

    /* clean up the temporary directory */
    for (i = 0; i < WORKERS; i++) {
        if (workers[i].path[0]) {
            snprintf(what, sizeof what, "%s-wal", workers[i].path);
            unlink(what);
            snprintf(what, sizeof what, "%s-shm", workers[i].path);
            unlink(what);
            unlink(workers[i].path);
        }
    }
    snprintf(what, sizeof what, "%s-wal", shared_path);
    unlink(what);
    snprintf(what, sizeof what, "%s-shm", shared_path);
    unlink(what);
    unlink(shared_path);
    rmdir(dir);
    return check_summary();
}
