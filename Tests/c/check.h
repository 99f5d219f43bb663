/*
 * check.h — a tiny check harness shared by the C tests of librampart.
 *
 *   CHECK("what is checked", condition);
 *       prints "ok   - what" or "FAIL - what  [file:line: condition]" and counts the result.
 *   KNOWN_BUG("what is checked", condition, "why it is expected to fail");
 *       for a behaviour the library gets wrong today: prints "xfail - what (known bug: why)"
 *       and is not counted as a failure; once it passes it prints "XPASS" and counts as passed,
 *       a hint to turn it into a CHECK.
 *   return check_summary();
 *       prints the closing "N passed, M failed" line and gives the exit status.
 *
 * Checks are meant to be made from one thread; threaded tests collect their results first.
 */
#ifndef RAMPART_TEST_CHECK_H
#define RAMPART_TEST_CHECK_H

#include <stdio.h>

static int check_passed = 0;
static int check_failed = 0;
static int check_known = 0;

static inline int check_record(int ok, const char *what, const char *expr, const char *file, int line)
{
    if (ok) {
        check_passed++;
        printf("ok   - %s\n", what);
    } else {
        check_failed++;
        printf("FAIL - %s  [%s:%d: %s]\n", what, file, line, expr);
    }
    fflush(stdout);
    return ok;
}

static inline int check_known_bug(int ok, const char *what, const char *why)
{
    if (ok) {
        check_passed++;
        printf("XPASS - %s (was a known bug: %s; make it a CHECK)\n", what, why);
    } else {
        check_known++;
        printf("xfail - %s (known bug: %s)\n", what, why);
    }
    fflush(stdout);
    return ok;
}

static inline int check_summary(void)
{
    if (check_known > 0)
        printf("%d known bug(s) not counted\n", check_known);
    printf("%d passed, %d failed\n", check_passed, check_failed);
    fflush(stdout);
    return check_failed == 0 ? 0 : 1;
}

#define CHECK(what, cond) check_record((cond) ? 1 : 0, (what), #cond, __FILE__, __LINE__)
#define KNOWN_BUG(what, cond, why) check_known_bug((cond) ? 1 : 0, (what), (why))

#endif /* RAMPART_TEST_CHECK_H */
