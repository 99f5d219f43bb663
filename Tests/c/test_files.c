/*
 * test_files.c — assessment files: what is refused and left alone, read-only handles, saving
 * and reopening, and failing commands that must leave no trace.
 * Usage: test_files [TMPDIR]
 */
#define _POSIX_C_SOURCE 200809L
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "check.h"
#include "rampart.h"

static char tmpdir[256];

static char *path_of(char *buf, size_t size, const char *name)
{
    snprintf(buf, size, "%s/%s", tmpdir, name);
    return buf;
}

/* Reads a whole file; *len receives its size. NULL when it cannot be read. */
static unsigned char *slurp(const char *path, long *len)
{
    FILE *f = fopen(path, "rb");
    unsigned char *data;
    long n;

    *len = -1;
    if (f == NULL)
        return NULL;
    fseek(f, 0, SEEK_END);
    n = ftell(f);
    fseek(f, 0, SEEK_SET);
    data = malloc((size_t)n + 1);
    if (data != NULL && fread(data, 1, (size_t)n, f) != (size_t)n) {
        free(data);
        data = NULL;
    }
    fclose(f);
    if (data != NULL)
        *len = n;
    return data;
}

static int spit(const char *path, const void *data, size_t len)
{
    FILE *f = fopen(path, "wb");
    int ok;
    if (f == NULL)
        return 0;
    ok = fwrite(data, 1, len, f) == len;
    return fclose(f) == 0 && ok;
}

static int same_bytes(const unsigned char *a, long alen, const char *path)
{
    long blen;
    unsigned char *b = slurp(path, &blen);
    int same = b != NULL && alen == blen && memcmp(a, b, (size_t)alen) == 0;
    free(b);
    return same;
}

static int exists(const char *path)
{
    return access(path, F_OK) == 0;
}

/* Whether a file named NAME-wal, NAME-shm or NAME-journal exists next to `path`. */
static int has_sidecars(const char *path)
{
    static const char *suffixes[] = { "-wal", "-shm", "-journal" };
    char buf[600];
    size_t i;
    for (i = 0; i < sizeof suffixes / sizeof suffixes[0]; i++) {
        snprintf(buf, sizeof buf, "%s%s", path, suffixes[i]);
        if (exists(buf))
            return 1;
    }
    return 0;
}

static void remove_assessment(const char *path)
{
    char buf[600];
    snprintf(buf, sizeof buf, "%s-wal", path);
    unlink(buf);
    snprintf(buf, sizeof buf, "%s-shm", path);
    unlink(buf);
    snprintf(buf, sizeof buf, "%s-journal", path);
    unlink(buf);
    unlink(path);
}

/* The whole assessment as JSON text (owned), or NULL. */
static char *dump(rampart_db *db)
{
    rampart_result *r = NULL;
    char *copy = NULL;
    if (rampart_query(&r, db, "export json") == RAMPART_OK) {
        const char *out = rampart_result_output(r);
        copy = malloc(strlen(out) + 1);
        if (copy)
            strcpy(copy, out);
    }
    rampart_result_free(r);
    return copy;
}

static int same_dump(rampart_db *db, const char *before)
{
    char *now = dump(db);
    int same = now != NULL && before != NULL && strcmp(now, before) == 0;
    free(now);
    return same;
}

static int64_t rows_of(rampart_db *db, const char *command)
{
    rampart_result *r = NULL;
    int64_t n = -1;
    if (rampart_query(&r, db, command) == RAMPART_OK)
        n = rampart_result_row_count(r);
    rampart_result_free(r);
    return n;
}

/* Opens `path` with `flags` expecting failure `want`; the file must be left byte-identical and
 * no journal files may appear next to it. */
static void refused(const char *label, const char *path, unsigned int flags, int want)
{
    rampart_db *db = NULL;
    long len;
    unsigned char *before = slurp(path, &len);
    char what[300];
    int rc;

    rc = rampart_open(&db, path, flags);
    snprintf(what, sizeof what, "%s is refused with %s (got %s: %s)", label, rampart_errstr(want),
             rampart_errstr(rc), rampart_errmsg(db));
    CHECK(what, rc == want);
    snprintf(what, sizeof what, "  ... the failed handle refuses commands and closes");
    CHECK(what, db != NULL && rampart_exec(db, "summary", NULL, NULL) == RAMPART_MISUSE && rampart_close(db) == RAMPART_OK);
    snprintf(what, sizeof what, "  ... %s is left byte-identical", label);
    CHECK(what, before != NULL && same_bytes(before, len, path));
    snprintf(what, sizeof what, "  ... and no -wal/-shm/-journal file appears next to it");
    CHECK(what, !has_sidecars(path));
    free(before);
}

static void refused_files(void)
{
    char text[400], garbage[400], truncated[400], good[400], foreign[400], newer[400];
    static const char notes[] = "Minutes of the resilience board.\nNothing to see here.\n";
    unsigned char header[4096];
    unsigned char *data;
    rampart_db *db = NULL;
    long len;
    size_t i;

    /* A text file. */
    path_of(text, sizeof text, "notes.txt");
    spit(text, notes, sizeof notes - 1);
    refused("a text file", text, RAMPART_OPEN_CREATE, RAMPART_CORRUPT);
    refused("a text file opened read-only", text, RAMPART_OPEN_READONLY, RAMPART_CORRUPT);

    /* The SQLite magic followed by garbage. */
    memcpy(header, "SQLite format 3", 16);
    for (i = 16; i < sizeof header; i++)
        header[i] = (unsigned char)((i * 2654435761u) >> 13);
    path_of(garbage, sizeof garbage, "garbage.rampart");
    spit(garbage, header, sizeof header);
    refused("an SQLite header followed by garbage", garbage, RAMPART_OPEN_CREATE, RAMPART_CORRUPT);

    /* A real assessment, written with rampart_save, then damaged in several ways. */
    path_of(good, sizeof good, "good.rampart");
    rampart_open(&db, NULL, 0);
    rampart_exec(db, "asset add a1 sector=energy; asset add a2 sector=water; dep add a2 -> a1", NULL, NULL);
    CHECK("save an assessment to damage", rampart_save(db, good) == RAMPART_OK);
    rampart_close(db);
    data = slurp(good, &len);
    CHECK("the saved file can be read", data != NULL && len > 4096);
    if (data == NULL || len <= 4096) {
        free(data);
        return;
    }
    path_of(truncated, sizeof truncated, "truncated.rampart");
    spit(truncated, data, 2048);
    refused("an assessment truncated to 2048 bytes", truncated, RAMPART_OPEN_CREATE, RAMPART_CORRUPT);
    spit(truncated, data, (size_t)len / 2);
    refused("an assessment truncated to half its size", truncated, 0, RAMPART_CORRUPT);

    /* Another program's SQLite database: application_id (header offset 68) differs. */
    path_of(foreign, sizeof foreign, "foreign.db");
    data[68] = 'X';
    data[69] = 'Y';
    data[70] = 'Z';
    data[71] = 'W';
    spit(foreign, data, (size_t)len);
    refused("an SQLite database of another application", foreign, RAMPART_OPEN_CREATE, RAMPART_CORRUPT);

    /* A newer schema: user_version (header offset 60, big-endian) far ahead. */
    free(data);
    data = slurp(good, &len);
    path_of(newer, sizeof newer, "newer.rampart");
    data[60] = 0;
    data[61] = 0;
    data[62] = 0x03;
    data[63] = 0xe7; /* 999 */
    spit(newer, data, (size_t)len);
    refused("an assessment of a newer schema version", newer, 0, RAMPART_TOONEW);
    refused("an assessment of a newer schema version, read-only", newer, RAMPART_OPEN_READONLY, RAMPART_TOONEW);
    free(data);

    remove_assessment(good);
    unlink(text);
    unlink(garbage);
    unlink(truncated);
    unlink(foreign);
    unlink(newer);
}

static void missing_files(void)
{
    char missing[400], created[400];
    rampart_db *db = NULL;
    int rc;

    path_of(missing, sizeof missing, "missing.rampart");
    rc = rampart_open(&db, missing, 0);
    CHECK("a missing file without RAMPART_OPEN_CREATE is RAMPART_IO", rc == RAMPART_IO);
    CHECK("  ... with a message", strcmp(rampart_errmsg(db), "not an error") != 0);
    rampart_close(db);
    CHECK("  ... and is not created", !exists(missing));
    db = NULL;
    rc = rampart_open(&db, missing, RAMPART_OPEN_READONLY | RAMPART_OPEN_CREATE);
    CHECK("a missing file read-only (even with CREATE) is RAMPART_IO", rc == RAMPART_IO);
    rampart_close(db);
    CHECK("  ... and is not created", !exists(missing));
    path_of(missing, sizeof missing, "no-such-dir/x.rampart");
    db = NULL;
    rc = rampart_open(&db, missing, RAMPART_OPEN_CREATE);
    CHECK("a file in a missing directory is RAMPART_IO", rc == RAMPART_IO);
    rampart_close(db);

    path_of(created, sizeof created, "created.rampart");
    db = NULL;
    rc = rampart_open(&db, created, RAMPART_OPEN_CREATE);
    CHECK("RAMPART_OPEN_CREATE creates a missing file", rc == RAMPART_OK && exists(created));
    CHECK("  ... which starts with the default sectors and no assets",
          rows_of(db, "sector list") == 11 && rows_of(db, "asset list") == 0);
    rampart_close(db);
    CHECK("  ... and close leaves no -wal/-shm file", !has_sidecars(created));
    db = NULL;
    rc = rampart_open(&db, created, 0);
    CHECK("  ... and it reopens without CREATE", rc == RAMPART_OK);
    rampart_close(db);
    remove_assessment(created);
}

static void read_only(void)
{
    char path[400], csv[400];
    static const char rows[] = "id,name,sector,lat,lon,population,economic_value,mtpd_h,recovery_h\n"
                               "new1,New,energy,,,5,,,\n";
    static const char *changes[] = {
        "asset add a3 sector=health",
        "asset set a1 population=5",
        "asset remove a2 force",
        "dep remove a2 -> a1",
        "settings set vsl=5M",
        "sector add space name=Space",
        NULL,
    };
    rampart_db *db = NULL;
    char *before;
    unsigned char *bytes;
    long len;
    char what[200], cmd[500];
    int i, rc;

    path_of(path, sizeof path, "readonly.rampart");
    rampart_open(&db, path, RAMPART_OPEN_CREATE);
    rampart_exec(db, "asset add a1 sector=energy population=10; asset add a2 sector=water; dep add a2 -> a1", NULL, NULL);
    rampart_close(db);
    bytes = slurp(path, &len);

    db = NULL;
    rc = rampart_open(&db, path, RAMPART_OPEN_READONLY);
    CHECK("open read-only", rc == RAMPART_OK);
    before = dump(db);
    CHECK("reading works read-only", before != NULL && rows_of(db, "asset list") == 2);
    for (i = 0; changes[i]; i++) {
        rc = rampart_exec(db, changes[i], NULL, NULL);
        snprintf(what, sizeof what, "read-only refuses `%s` with RAMPART_READONLY (got %s)", changes[i], rampart_errstr(rc));
        CHECK(what, rc == RAMPART_READONLY);
    }
    path_of(csv, sizeof csv, "ro-import.csv");
    spit(csv, rows, sizeof rows - 1);
    snprintf(cmd, sizeof cmd, "import assets %s", csv);
    rc = rampart_exec(db, cmd, NULL, NULL);
    CHECK("read-only refuses import with RAMPART_READONLY", rc == RAMPART_READONLY);
    CHECK("  ... and rampart_changes() is 0", rampart_changes(db) == 0);
    CHECK("nothing changed in the assessment", same_dump(db, before));
    rampart_close(db);
    CHECK("the file is byte-identical after the read-only session", bytes != NULL && same_bytes(bytes, len, path));
    CHECK("a read-only session leaves no -wal/-shm files behind", !has_sidecars(path));
    free(before);
    free(bytes);
    unlink(csv);
    remove_assessment(path);
}

static void save_and_reopen(void)
{
    char saved[400], copy_dir[400], copied[500], open_file[400], target[400];
    rampart_db *db = NULL, *again = NULL, *safe = NULL;
    char *before = NULL;
    unsigned char *bytes;
    long len;
    int rc;

    rc = rampart_open(&db, NULL, 0);
    rc |= rampart_exec(db,
        "settings set name=\"Saved test\" vsl=4M\n"
        "asset add p1 name=\"Plant \\\"one\\\"\" sector=energy population=1.2M recovery=30d lat=10.5 lon=-20.25 tags=(grid, north)\n"
        "asset add w1 name=\"Water works\" sector=water economic_value=250k\n"
        "dep add w1 -> p1 kind=cyber strength=0.7 delay=12h\n"
        "threat add t1 name=\"Drone\" modality=drone frequency=pert(0.1/yr, 0.3/yr, 1/yr) damage=20%\n"
        "vuln add p1 t1 v=35%\n"
        "measure add m1 category=physical capex=1.5M rights=(privacy, movement) legal_basis=\"Act 1\"\n"
        "effect add m1 vulnerability drone reduction=50%\n"
        "application add m1 p1 status=proposed",
        NULL, NULL);
    CHECK("build an in-memory assessment", rc == RAMPART_OK);
    before = dump(db);
    CHECK("dump it as JSON", before != NULL && strlen(before) > 100);

    path_of(saved, sizeof saved, "saved.rampart");
    CHECK("rampart_save writes a new file", rampart_save(db, saved) == RAMPART_OK && exists(saved));
    CHECK("  ... the handle stays on its assessment", same_dump(db, before) && rampart_exec(db, "asset add p2 sector=energy", NULL, NULL) == RAMPART_OK);
    rampart_close(db);

    rc = rampart_open(&again, saved, 0);
    CHECK("reopen the saved file", rc == RAMPART_OK);
    CHECK("  ... it holds the same data (export json is identical)", same_dump(again, before));
    CHECK("  ... without the asset added after saving", rampart_exec(again, "asset show p2", NULL, NULL) == RAMPART_NOTFOUND);
    {
        rampart_result *r = NULL;
        rc = rampart_query(&r, again, "asset list where id = p1 fields=(id, tags, population, recovery)");
        CHECK("  ... a list field keeps its stored text and display text",
              rc == RAMPART_OK && rampart_result_string(r, 0, 1) != NULL
              && strcmp(rampart_result_string(r, 0, 1), "grid,north") == 0
              && strcmp(rampart_result_text(r, 0, 1), "grid, north") == 0);
        CHECK("  ... numbers keep their stored units (1.2M people, 30d = 720 h)",
              rampart_result_int64(r, 0, 2) == 1200000 && rampart_result_double(r, 0, 3) == 720.0
              && rampart_result_string(r, 0, 2) == NULL);
        {
            /* Cell text is made when first asked for; the pointer then stays the same, and
               valid, while other cells are read, until the result is freed. */
            const char *shown = rampart_result_text(r, 0, 3);
            const char *stored = rampart_result_string(r, 0, 0);
            int c;
            for (c = 0; c < rampart_result_column_count(r); c++) (void)rampart_result_text(r, 0, c);
            CHECK("  ... text pointers are stable until the result is freed",
                  shown != NULL && stored != NULL && rampart_result_text(r, 0, 3) == shown
                  && strcmp(shown, "30d") == 0 && rampart_result_string(r, 0, 0) == stored
                  && strcmp(stored, "p1") == 0 && rampart_result_text(r, 0, 0) == stored);
        }
        rampart_result_free(r);
    }
    rampart_close(again);
    CHECK("  ... close leaves no -wal/-shm", !has_sidecars(saved));

    /* A saved file is self-contained: a copy of the file alone opens. */
    path_of(copy_dir, sizeof copy_dir, "copy");
    mkdir(copy_dir, 0700);
    snprintf(copied, sizeof copied, "%s/moved.rampart", copy_dir);
    bytes = slurp(saved, &len);
    spit(copied, bytes, (size_t)len);
    free(bytes);
    again = NULL;
    rc = rampart_open(&again, copied, RAMPART_OPEN_READONLY);
    CHECK("a copy of the saved file alone opens with the same data", rc == RAMPART_OK && same_dump(again, before));
    rampart_close(again);
    remove_assessment(copied);
    rmdir(copy_dir);

    /* Saving a file-backed assessment, and saving onto the file in use. */
    path_of(open_file, sizeof open_file, "in-use.rampart");
    db = NULL;
    rampart_open(&db, open_file, RAMPART_OPEN_CREATE);
    rampart_exec(db, "asset add f1 sector=ict", NULL, NULL);
    rc = rampart_save(db, open_file);
    CHECK("rampart_save onto the assessment in use is refused", rc != RAMPART_OK);
    CHECK("  ... and the assessment is intact", rows_of(db, "asset list") == 1);
    path_of(target, sizeof target, "no-such-dir/x.rampart");
    CHECK("rampart_save into a missing directory is RAMPART_IO", rampart_save(db, target) == RAMPART_IO);
    path_of(target, sizeof target, "from-file.rampart");
    CHECK("rampart_save of a file-backed assessment", rampart_save(db, target) == RAMPART_OK);
    rampart_close(db);
    again = NULL;
    rc = rampart_open(&again, target, 0);
    CHECK("  ... reopens with its asset", rc == RAMPART_OK && rows_of(again, "asset list") == 1);
    rampart_close(again);
    remove_assessment(target);
    remove_assessment(open_file);

    /* Safe mode refuses to write other files. */
    rampart_open(&safe, NULL, RAMPART_OPEN_SAFE);
    path_of(target, sizeof target, "safe.rampart");
    rc = rampart_save(safe, target);
    CHECK("rampart_save in safe mode is RAMPART_DENIED", rc == RAMPART_DENIED && !exists(target));
    {
        char cmd[600];
        rampart_result *r = NULL;
        path_of(target, sizeof target, "safe.csv");
        snprintf(cmd, sizeof cmd, "export assets %s", target);
        rc = rampart_exec(safe, cmd, NULL, NULL);
        CHECK("export to a file in safe mode is RAMPART_DENIED", rc == RAMPART_DENIED && !exists(target));
        spit(target, "id,name,sector\nx,X,energy\n", 26);
        snprintf(cmd, sizeof cmd, "import assets %s", target);
        rc = rampart_exec(safe, cmd, NULL, NULL);
        CHECK("import from a file in safe mode is RAMPART_DENIED", rc == RAMPART_DENIED && rows_of(safe, "asset list") == 0);
        unlink(target);
        rc = rampart_query(&r, safe, "export assets");
        CHECK("export as the result (no file) is allowed in safe mode",
              rc == RAMPART_OK && strncmp(rampart_result_output(r), "id,name,sector", 14) == 0);
        rampart_result_free(r);
    }
    rampart_close(safe);

    remove_assessment(saved);
    free(before);
}

static void failing_commands(void)
{
    char path[400], csv[400], cmd[500];
    static const char bad_rows[] = "id,name,sector,lat,lon,population,economic_value,mtpd_h,recovery_h\n"
                                   "ok1,Fine,energy,,,5,,,\n"
                                   "ok2,Fine too,water,,,6,,,\n"
                                   "bad,Broken,no-such-sector,,,7,,,\n";
    static const char *failures[] = {
        "asset remove a1 a2 nosuch",
        "asset set where sector = energy population=1.5",
        "asset add a9 sector=energy lat=91",
        "dep add a2 -> nosuch",
        "asset remove a1",
        "threat add t9 frequency=0.5",
        "settings set vsl=much",
        NULL,
    };
    rampart_db *db = NULL;
    char *before;
    char what[300];
    int i, rc;

    path_of(path, sizeof path, "failing.rampart");
    rampart_open(&db, path, RAMPART_OPEN_CREATE);
    rc = rampart_exec(db, "asset add a1 sector=energy population=10; asset add a2 sector=energy; dep add a2 -> a1", NULL, NULL);
    CHECK("set up a file with two assets and a dependency", rc == RAMPART_OK);
    before = dump(db);
    for (i = 0; failures[i]; i++) {
        rc = rampart_exec(db, failures[i], NULL, NULL);
        snprintf(what, sizeof what, "`%s` fails (%s) and changes nothing", failures[i], rampart_errstr(rc));
        CHECK(what, rc != RAMPART_OK && rampart_changes(db) == 0 && same_dump(db, before));
    }
    path_of(csv, sizeof csv, "bad.csv");
    spit(csv, bad_rows, sizeof bad_rows - 1);
    snprintf(cmd, sizeof cmd, "import assets %s", csv);
    rc = rampart_exec(db, cmd, NULL, NULL);
    snprintf(what, sizeof what, "an import whose last row is bad fails (%s) and imports nothing", rampart_errstr(rc));
    CHECK(what, rc != RAMPART_OK && same_dump(db, before));

    rc = rampart_exec(db, "asset add a3 sector=health; asset add a3 sector=health; asset add a4 sector=health", NULL, NULL);
    CHECK("in a batch, the failing command's error is returned", rc == RAMPART_CONSTRAINT);
    CHECK("  ... the command before it keeps its effect", rampart_exec(db, "asset show a3", NULL, NULL) == RAMPART_OK);
    CHECK("  ... the command after it did not run", rampart_exec(db, "asset show a4", NULL, NULL) == RAMPART_NOTFOUND);
    rampart_close(db);

    /* The refusals survive a reopen: nothing half-written reached the file. */
    db = NULL;
    rampart_open(&db, path, 0);
    rampart_exec(db, "asset remove a3", NULL, NULL);
    CHECK("after reopening, the file holds exactly the successful changes", same_dump(db, before));
    rampart_close(db);
    free(before);
    unlink(csv);
    remove_assessment(path);
}

int main(int argc, char **argv)
{
    const char *base = argc > 1 ? argv[1] : (getenv("TMPDIR") ? getenv("TMPDIR") : "/tmp");

    snprintf(tmpdir, sizeof tmpdir, "%s/rampart-files.XXXXXX", base);
    if (mkdtemp(tmpdir) == NULL) {
        perror("mkdtemp");
        return 1;
    }
    refused_files();
    missing_files();
    read_only();
    save_and_reopen();
    failing_commands();
    if (rmdir(tmpdir) != 0)
        printf("note: %s was not empty and was kept\n", tmpdir);
    return check_summary();
}
