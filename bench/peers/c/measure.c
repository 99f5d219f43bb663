/*
 * measure: run a command and report its own peak resident set size.
 *
 *   measure REPORT_FILE COMMAND [ARG...]
 *
 * Linux charges a child that is spawned straight from a large process (the benchmark
 * runner, which may hold hundreds of MiB of results) with the parent's peak RSS: the
 * high-water mark of the address space it replaces at exec is folded into ru_maxrss.
 * This launcher is small, so a command forked from here and exec'd starts from a few
 * hundred KiB and ru_maxrss from wait4 is the command's own peak.
 *
 * Writes "<exit status> <peak RSS in KiB>" to REPORT_FILE and exits with the command's
 * status (128 + signal number when it was killed). Standard streams are inherited.
 */
#define _DEFAULT_SOURCE
#include <stdio.h>
#include <stdlib.h>
#include <sys/resource.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <unistd.h>

int main(int argc, char **argv) {
    if (argc < 3) {
        fprintf(stderr, "usage: measure REPORT_FILE COMMAND [ARG...]\n");
        return 2;
    }
    pid_t pid = fork();
    if (pid < 0) {
        perror("measure: fork");
        return 2;
    }
    if (pid == 0) {
        execvp(argv[2], argv + 2);
        perror("measure: exec");
        _exit(127);
    }
    int status = 0;
    struct rusage ru;
    if (wait4(pid, &status, 0, &ru) < 0) {
        perror("measure: wait4");
        return 2;
    }
    int code = WIFEXITED(status) ? WEXITSTATUS(status)
             : WIFSIGNALED(status) ? 128 + WTERMSIG(status) : 2;
    FILE *f = fopen(argv[1], "w");
    if (f) {
        fprintf(f, "%d %ld\n", code, ru.ru_maxrss);
        fclose(f);
    }
    return code;
}
