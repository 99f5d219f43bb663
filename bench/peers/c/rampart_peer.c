/*
 * Plain-C peer for the Rampart benchmarks: reads assets.csv and a dependency CSV into
 * CSR arrays (edges provider -> dependent) and runs one kernel, timed on its own with
 * clock_gettime(CLOCK_MONOTONIC). Loading is timed separately.
 *
 *   rampart_peer cascade ASSETS DEPS SOURCE_ID DURATION_H THRESHOLD OUT
 *       Dijkstra over delays along edges with strength >= THRESHOLD; writes
 *       "row time" for every asset reached at a time < DURATION_H.
 *   rampart_peer reach ASSETS DEPS SOURCES_FILE THRESHOLD OUT
 *       for each id in SOURCES_FILE (one a line), the number of assets reachable over
 *       edges with strength >= THRESHOLD, the source included; one count a line.
 *   rampart_peer mc ASSETS DEPS TRIALS SEED OUT
 *       Monte Carlo: each trial starts at a random asset, every edge carries the loss
 *       with probability = strength; writes "assets population" for every trial.
 *   rampart_peer iim ASSETS DEPS C_FILE CAP OUT
 *       asset-level inoperability: a*[d][p] = strength(d, p), rows scaled to sum <= CAP,
 *       Jacobi iteration q <- A* q + c* until the largest change is below 1e-13, then q
 *       clipped to [0, 1]; C_FILE holds "id value" lines; writes "row q" for q > 0.
 *
 * On success it prints one line: PEER {"seconds": <kernel>, "load_s": <load>, ...}
 */
#define _POSIX_C_SOURCE 200809L
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

static double now(void) {
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + 1e-9 * (double)ts.tv_nsec;
}

static void die(const char *msg, const char *arg) {
    fprintf(stderr, "peer error: %s%s%s\n", msg, arg ? ": " : "", arg ? arg : "");
    exit(3);
}

static void *xmalloc(size_t n) {
    void *p = malloc(n ? n : 1);
    if (!p) die("out of memory", NULL);
    return p;
}

static void *xcalloc(size_t n, size_t size) {
    void *p = calloc(n ? n : 1, size);
    if (!p) die("out of memory", NULL);
    return p;
}

/* ---------------------------------------------------------------- file and CSV */

static char *read_file(const char *path, size_t *len) {
    FILE *f = fopen(path, "rb");
    if (!f) die("cannot open", path);
    fseek(f, 0, SEEK_END);
    long n = ftell(f);
    fseek(f, 0, SEEK_SET);
    char *buf = xmalloc((size_t)n + 1);
    if (fread(buf, 1, (size_t)n, f) != (size_t)n) die("cannot read", path);
    buf[n] = '\0';
    fclose(f);
    *len = (size_t)n;
    return buf;
}

#define MAX_FIELDS 32

/* Splits the record starting at *pos in place (RFC 4180 quotes; quoted fields are
 * unescaped). Returns the number of fields, 0 at the end of the buffer. */
static int next_record(char *buf, size_t len, size_t *pos, char **fields) {
    size_t i = *pos;
    if (i >= len) return 0;
    int nf = 0;
    for (;;) {
        if (nf == MAX_FIELDS) die("too many CSV fields", NULL);
        if (buf[i] == '"') {
            i++;
            char *out = buf + i;
            fields[nf++] = out;
            size_t w = i;
            for (;;) {
                if (i >= len) die("unterminated quote", NULL);
                if (buf[i] == '"') {
                    if (i + 1 < len && buf[i + 1] == '"') { buf[w++] = '"'; i += 2; continue; }
                    i++;
                    break;
                }
                buf[w++] = buf[i++];
            }
            buf[w] = '\0';
            /* skip to the separator */
            while (i < len && buf[i] != ',' && buf[i] != '\n' && buf[i] != '\r') i++;
        } else {
            fields[nf++] = buf + i;
            while (i < len && buf[i] != ',' && buf[i] != '\n' && buf[i] != '\r') i++;
        }
        char c = i < len ? buf[i] : '\n';
        if (i < len) buf[i] = '\0';
        i++;
        if (c == ',') continue;
        if (c == '\r' && i < len && buf[i] == '\n') i++;
        break;
    }
    *pos = i;
    return nf;
}

static int column(char **fields, int nf, const char *name, const char *file) {
    for (int k = 0; k < nf; k++)
        if (strcmp(fields[k], name) == 0) return k;
    die("missing column in header", file);
    return -1;
}

/* ---------------------------------------------------------------- id hash map */

typedef struct {
    char **keys;
    int32_t *vals;
    size_t cap;
} idmap;

static uint64_t hash_str(const char *s) {
    uint64_t h = 1469598103934665603ULL;
    for (; *s; s++) { h ^= (unsigned char)*s; h *= 1099511628211ULL; }
    return h;
}

static void map_init(idmap *m, size_t n) {
    m->cap = 16;
    while (m->cap < 2 * n + 16) m->cap <<= 1;
    m->keys = xcalloc(m->cap, sizeof(char *));
    m->vals = xmalloc(m->cap * sizeof(int32_t));
}

static int map_put(idmap *m, char *key, int32_t v) {
    size_t i = hash_str(key) & (m->cap - 1);
    while (m->keys[i]) {
        if (strcmp(m->keys[i], key) == 0) return 0;
        i = (i + 1) & (m->cap - 1);
    }
    m->keys[i] = key;
    m->vals[i] = v;
    return 1;
}

static int32_t map_get(const idmap *m, const char *key) {
    size_t i = hash_str(key) & (m->cap - 1);
    while (m->keys[i]) {
        if (strcmp(m->keys[i], key) == 0) return m->vals[i];
        i = (i + 1) & (m->cap - 1);
    }
    return -1;
}

/* ---------------------------------------------------------------- graph */

typedef struct {
    int32_t n;
    int64_t m;
    char **id;            /* asset ids, file order */
    double *population;
    idmap ids;
    /* edges in file order */
    int32_t *e_prov, *e_dep;
    double *e_strength, *e_delay;
    /* CSR by provider: out-edges provider -> dependent, file order within a provider */
    int64_t *out_ptr;
    int32_t *out_dst;
    double *out_strength, *out_delay;
    char *abuf, *dbuf;    /* file buffers the ids point into */
} graph;

static size_t count_lines(const char *buf, size_t len) {
    size_t c = 0;
    for (size_t i = 0; i < len; i++) c += buf[i] == '\n';
    return c + 1;
}

static void load_graph(graph *g, const char *assets_path, const char *deps_path) {
    char *f[MAX_FIELDS];
    size_t len, pos = 0;
    g->abuf = read_file(assets_path, &len);
    size_t cap = count_lines(g->abuf, len);
    int nf = next_record(g->abuf, len, &pos, f);
    int c_id = column(f, nf, "id", assets_path);
    int c_pop = column(f, nf, "population", assets_path);
    g->id = xmalloc(cap * sizeof(char *));
    g->population = xmalloc(cap * sizeof(double));
    map_init(&g->ids, cap);
    int32_t n = 0;
    while ((nf = next_record(g->abuf, len, &pos, f)) > 0) {
        if (nf == 1 && f[0][0] == '\0') continue;       /* blank line */
        if (nf <= c_pop) die("short asset row", assets_path);
        g->id[n] = f[c_id];
        g->population[n] = strtod(f[c_pop], NULL);
        if (!map_put(&g->ids, f[c_id], n)) die("duplicate asset id", f[c_id]);
        n++;
    }
    g->n = n;

    pos = 0;
    g->dbuf = read_file(deps_path, &len);
    cap = count_lines(g->dbuf, len);
    nf = next_record(g->dbuf, len, &pos, f);
    int c_dep = column(f, nf, "dependent", deps_path);
    int c_prov = column(f, nf, "provider", deps_path);
    int c_str = column(f, nf, "strength", deps_path);
    int c_del = column(f, nf, "delay_h", deps_path);
    g->e_prov = xmalloc(cap * sizeof(int32_t));
    g->e_dep = xmalloc(cap * sizeof(int32_t));
    g->e_strength = xmalloc(cap * sizeof(double));
    g->e_delay = xmalloc(cap * sizeof(double));
    int64_t m = 0;
    while ((nf = next_record(g->dbuf, len, &pos, f)) > 0) {
        if (nf == 1 && f[0][0] == '\0') continue;
        int32_t d = map_get(&g->ids, f[c_dep]);
        int32_t p = map_get(&g->ids, f[c_prov]);
        if (d < 0 || p < 0) die("dependency refers to an unknown asset", d < 0 ? f[c_dep] : f[c_prov]);
        g->e_dep[m] = d;
        g->e_prov[m] = p;
        g->e_strength[m] = strtod(f[c_str], NULL);
        g->e_delay[m] = f[c_del][0] ? strtod(f[c_del], NULL) : 0.0;
        m++;
    }
    g->m = m;

    /* counting sort by provider, stable */
    g->out_ptr = xcalloc((size_t)n + 1, sizeof(int64_t));
    for (int64_t e = 0; e < m; e++) g->out_ptr[g->e_prov[e] + 1]++;
    for (int32_t v = 0; v < n; v++) g->out_ptr[v + 1] += g->out_ptr[v];
    int64_t *fill = xmalloc(((size_t)n + 1) * sizeof(int64_t));
    memcpy(fill, g->out_ptr, ((size_t)n + 1) * sizeof(int64_t));
    g->out_dst = xmalloc((size_t)m * sizeof(int32_t));
    g->out_strength = xmalloc((size_t)m * sizeof(double));
    g->out_delay = xmalloc((size_t)m * sizeof(double));
    for (int64_t e = 0; e < m; e++) {
        int64_t k = fill[g->e_prov[e]]++;
        g->out_dst[k] = g->e_dep[e];
        g->out_strength[k] = g->e_strength[e];
        g->out_delay[k] = g->e_delay[e];
    }
    free(fill);
}

/* Keeps only edges with strength >= threshold (CSR order preserved). */
static void keep_critical(graph *g, double threshold) {
    int64_t w = 0, start = 0;
    for (int32_t v = 0; v < g->n; v++) {
        int64_t end = g->out_ptr[v + 1];
        for (int64_t k = start; k < end; k++) {
            if (g->out_strength[k] >= threshold) {
                g->out_dst[w] = g->out_dst[k];
                g->out_strength[w] = g->out_strength[k];
                g->out_delay[w] = g->out_delay[k];
                w++;
            }
        }
        start = end;
        g->out_ptr[v + 1] = w;
    }
}

static FILE *open_out(const char *path) {
    FILE *f = fopen(path, "w");
    if (!f) die("cannot write", path);
    return f;
}

/* ---------------------------------------------------------------- cascade */

typedef struct { double key; int32_t v; } heap_item;

static void heap_push(heap_item *h, int64_t *size, double key, int32_t v) {
    int64_t i = (*size)++;
    while (i > 0) {
        int64_t parent = (i - 1) / 2;
        if (h[parent].key <= key) break;
        h[i] = h[parent];
        i = parent;
    }
    h[i].key = key;
    h[i].v = v;
}

static heap_item heap_pop(heap_item *h, int64_t *size) {
    heap_item top = h[0];
    heap_item last = h[--(*size)];
    int64_t i = 0, n = *size;
    for (;;) {
        int64_t c = 2 * i + 1;
        if (c >= n) break;
        if (c + 1 < n && h[c + 1].key < h[c].key) c++;
        if (h[c].key >= last.key) break;
        h[i] = h[c];
        i = c;
    }
    if (n > 0) h[i] = last;
    return top;
}

static int cmd_cascade(int argc, char **argv) {
    if (argc != 8) die("usage: cascade ASSETS DEPS SOURCE_ID DURATION_H THRESHOLD OUT", NULL);
    double duration = atof(argv[5]), threshold = atof(argv[6]);
    graph g;
    double t0 = now();
    load_graph(&g, argv[2], argv[3]);
    keep_critical(&g, threshold);
    int32_t src = map_get(&g.ids, argv[4]);
    if (src < 0) die("unknown source asset", argv[4]);
    double load_s = now() - t0;

    double *dist = xmalloc((size_t)g.n * sizeof(double));
    heap_item *heap = xmalloc(((size_t)g.out_ptr[g.n] + 1) * sizeof(heap_item));
    double t1 = now();
    for (int32_t v = 0; v < g.n; v++) dist[v] = INFINITY;
    int64_t hs = 0;
    dist[src] = 0.0;
    heap_push(heap, &hs, 0.0, src);
    int64_t affected = 0;
    double population = 0.0;
    while (hs > 0) {
        heap_item it = heap_pop(heap, &hs);
        if (it.key > dist[it.v]) continue;          /* stale entry */
        if (it.key >= duration) break;              /* everything left is too late */
        affected++;
        population += g.population[it.v];
        for (int64_t k = g.out_ptr[it.v]; k < g.out_ptr[it.v + 1]; k++) {
            double t = it.key + g.out_delay[k];
            int32_t w = g.out_dst[k];
            if (t < dist[w] && t < duration) {
                dist[w] = t;
                heap_push(heap, &hs, t, w);
            }
        }
    }
    double kernel = now() - t1;

    FILE *out = open_out(argv[7]);
    for (int32_t v = 0; v < g.n; v++)
        if (dist[v] < duration) fprintf(out, "%d %.17g\n", v, dist[v]);
    fclose(out);
    printf("PEER {\"seconds\": %.9f, \"load_s\": %.6f, \"nodes\": %d, \"edges\": %lld, "
           "\"affected\": %lld, \"population\": %.0f, \"library\": \"C (cc -O2)\"}\n",
           kernel, load_s, g.n, (long long)g.out_ptr[g.n], (long long)affected, population);
    return 0;
}

/* ---------------------------------------------------------------- reach */

static int cmd_reach(int argc, char **argv) {
    if (argc != 7) die("usage: reach ASSETS DEPS SOURCES_FILE THRESHOLD OUT", NULL);
    double threshold = atof(argv[5]);
    graph g;
    double t0 = now();
    load_graph(&g, argv[2], argv[3]);
    keep_critical(&g, threshold);
    size_t len, pos = 0;
    char *sbuf = read_file(argv[4], &len);
    size_t cap = count_lines(sbuf, len);
    int32_t *src = xmalloc(cap * sizeof(int32_t));
    int64_t ns = 0;
    char *f[MAX_FIELDS];
    int nf;
    while ((nf = next_record(sbuf, len, &pos, f)) > 0) {
        if (f[0][0] == '\0') continue;
        int32_t v = map_get(&g.ids, f[0]);
        if (v < 0) die("unknown source asset", f[0]);
        src[ns++] = v;
    }
    double load_s = now() - t0;

    int32_t *stamp = xcalloc((size_t)g.n, sizeof(int32_t));
    int32_t *queue = xmalloc((size_t)g.n * sizeof(int32_t));
    int64_t *count = xmalloc((size_t)(ns ? ns : 1) * sizeof(int64_t));
    double t1 = now();
    for (int64_t s = 0; s < ns; s++) {
        int32_t mark = (int32_t)s + 1;
        int64_t head = 0, tail = 0;
        queue[tail++] = src[s];
        stamp[src[s]] = mark;
        while (head < tail) {
            int32_t v = queue[head++];
            for (int64_t k = g.out_ptr[v]; k < g.out_ptr[v + 1]; k++) {
                int32_t w = g.out_dst[k];
                if (stamp[w] != mark) { stamp[w] = mark; queue[tail++] = w; }
            }
        }
        count[s] = tail;
    }
    double kernel = now() - t1;

    FILE *out = open_out(argv[6]);
    for (int64_t s = 0; s < ns; s++) fprintf(out, "%lld\n", (long long)count[s]);
    fclose(out);
    printf("PEER {\"seconds\": %.9f, \"load_s\": %.6f, \"nodes\": %d, \"edges\": %lld, "
           "\"sources\": %lld, \"library\": \"C (cc -O2)\"}\n",
           kernel, load_s, g.n, (long long)g.out_ptr[g.n], (long long)ns);
    return 0;
}

/* ---------------------------------------------------------------- Monte Carlo */

/* splitmix64: one independent stream per trial, the same as in the numba peer. */
static inline uint64_t splitmix_next(uint64_t *state) {
    uint64_t z = (*state += 0x9E3779B97F4A7C15ULL);
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ULL;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBULL;
    return z ^ (z >> 31);
}

static inline double uniform01(uint64_t *state) {
    return (double)(splitmix_next(state) >> 11) * (1.0 / 9007199254740992.0);
}

static int cmd_mc(int argc, char **argv) {
    if (argc != 7) die("usage: mc ASSETS DEPS TRIALS SEED OUT", NULL);
    int64_t trials = atoll(argv[4]);
    uint64_t seed = (uint64_t)atoll(argv[5]);
    graph g;
    double t0 = now();
    load_graph(&g, argv[2], argv[3]);
    double load_s = now() - t0;

    int32_t *stamp = xcalloc((size_t)g.n, sizeof(int32_t));
    int32_t *queue = xmalloc((size_t)g.n * sizeof(int32_t));
    int64_t *n_aff = xmalloc((size_t)trials * sizeof(int64_t));
    double *pop = xmalloc((size_t)trials * sizeof(double));
    double t1 = now();
    for (int64_t t = 0; t < trials; t++) {
        uint64_t st = (seed << 32) ^ (uint64_t)t;
        int32_t src = (int32_t)(uniform01(&st) * g.n);
        int32_t mark = (int32_t)t + 1;
        int64_t head = 0, tail = 0;
        queue[tail++] = src;
        stamp[src] = mark;
        double p = g.population[src];
        while (head < tail) {
            int32_t v = queue[head++];
            for (int64_t k = g.out_ptr[v]; k < g.out_ptr[v + 1]; k++) {
                int32_t w = g.out_dst[k];
                if (stamp[w] == mark) continue;
                if (uniform01(&st) < g.out_strength[k]) {
                    stamp[w] = mark;
                    queue[tail++] = w;
                    p += g.population[w];
                }
            }
        }
        n_aff[t] = tail;
        pop[t] = p;
    }
    double kernel = now() - t1;

    FILE *out = open_out(argv[6]);
    for (int64_t t = 0; t < trials; t++) fprintf(out, "%lld %.0f\n", (long long)n_aff[t], pop[t]);
    fclose(out);
    printf("PEER {\"seconds\": %.9f, \"load_s\": %.6f, \"nodes\": %d, \"edges\": %lld, "
           "\"trials\": %lld, \"threads\": 1, \"library\": \"C (cc -O2)\"}\n",
           kernel, load_s, g.n, (long long)g.m, (long long)trials);
    return 0;
}

/* ---------------------------------------------------------------- IIM (asset level) */

static int cmd_iim(int argc, char **argv) {
    if (argc != 7) die("usage: iim ASSETS DEPS C_FILE CAP OUT", NULL);
    double cap = atof(argv[5]);
    graph g;
    double t0 = now();
    load_graph(&g, argv[2], argv[3]);
    /* CSR by dependent (rows of A*): a*[d][p] = strength */
    int64_t *row = xcalloc((size_t)g.n + 1, sizeof(int64_t));
    for (int64_t e = 0; e < g.m; e++) row[g.e_dep[e] + 1]++;
    for (int32_t v = 0; v < g.n; v++) row[v + 1] += row[v];
    int64_t *fill = xmalloc(((size_t)g.n + 1) * sizeof(int64_t));
    memcpy(fill, row, ((size_t)g.n + 1) * sizeof(int64_t));
    int32_t *col = xmalloc((size_t)g.m * sizeof(int32_t));
    double *val = xmalloc((size_t)g.m * sizeof(double));
    for (int64_t e = 0; e < g.m; e++) {
        int64_t k = fill[g.e_dep[e]]++;
        col[k] = g.e_prov[e];
        val[k] = g.e_strength[e];
    }
    free(fill);
    double *c = xcalloc((size_t)g.n, sizeof(double));
    size_t len, pos = 0;
    char *cbuf = read_file(argv[4], &len);
    char *f[MAX_FIELDS];
    int nf;
    while ((nf = next_record(cbuf, len, &pos, f)) > 0) {
        if (f[0][0] == '\0') continue;
        char *sp = strchr(f[0], ' ');
        if (!sp) die("bad c* line", f[0]);
        *sp = '\0';
        int32_t v = map_get(&g.ids, f[0]);
        if (v < 0) die("unknown asset in c*", f[0]);
        c[v] = atof(sp + 1);
    }
    double load_s = now() - t0;

    double *q = xcalloc((size_t)g.n, sizeof(double));
    double *next = xmalloc((size_t)g.n * sizeof(double));
    double t1 = now();
    /* rows scaled down so that each sums to at most `cap` */
    for (int32_t v = 0; v < g.n; v++) {
        double s = 0.0;
        for (int64_t k = row[v]; k < row[v + 1]; k++) s += val[k];
        if (s > cap) {
            double f2 = cap / s;
            for (int64_t k = row[v]; k < row[v + 1]; k++) val[k] *= f2;
        }
    }
    int iterations = 0;
    for (;;) {
        double change = 0.0;
        for (int32_t v = 0; v < g.n; v++) {
            double s = c[v];
            for (int64_t k = row[v]; k < row[v + 1]; k++) s += val[k] * q[col[k]];
            double d = fabs(s - q[v]);
            if (d > change) change = d;
            next[v] = s;
        }
        double *tmp = q; q = next; next = tmp;
        iterations++;
        if (change < 1e-13 || iterations >= 100000) break;
    }
    for (int32_t v = 0; v < g.n; v++) q[v] = q[v] < 0 ? 0 : (q[v] > 1 ? 1 : q[v]);
    double kernel = now() - t1;

    FILE *out = open_out(argv[6]);
    for (int32_t v = 0; v < g.n; v++)
        if (q[v] > 0) fprintf(out, "%d %.17g\n", v, q[v]);
    fclose(out);
    printf("PEER {\"seconds\": %.9f, \"load_s\": %.6f, \"nodes\": %d, \"edges\": %lld, "
           "\"iterations\": %d, \"library\": \"C (cc -O2), Jacobi iteration\"}\n",
           kernel, load_s, g.n, (long long)g.m, iterations);
    return 0;
}

int main(int argc, char **argv) {
    if (argc < 2) die("usage: rampart_peer cascade|reach|mc|iim ...", NULL);
    if (strcmp(argv[1], "cascade") == 0) return cmd_cascade(argc, argv);
    if (strcmp(argv[1], "reach") == 0) return cmd_reach(argc, argv);
    if (strcmp(argv[1], "mc") == 0) return cmd_mc(argc, argv);
    if (strcmp(argv[1], "iim") == 0) return cmd_iim(argc, argv);
    die("unknown mode", argv[1]);
    return 3;
}
