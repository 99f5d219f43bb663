#ifndef RAMPART_CEDITLINE_SHIM_H
#define RAMPART_CEDITLINE_SHIM_H
#include <stdio.h>
#include <editline/readline.h>

/* Setters and getters for libedit's global variables, which Swift 6 cannot touch safely. */
static inline void rampart_rl_set_completer(rl_completion_func_t *f) { rl_attempted_completion_function = f; }
static inline void rampart_rl_set_completion_over(int v) { rl_attempted_completion_over = v; }
static inline void rampart_rl_set_completion_append_character(int c) { rl_completion_append_character = c; }
static inline const char *rampart_rl_line_buffer(void) { return rl_line_buffer; }
static inline int rampart_rl_point(void) { return rl_point; }
static inline void rampart_rl_set_basic_word_break_characters(const char *s) { rl_basic_word_break_characters = (char *)s; }
static inline void rampart_rl_set_readline_name(const char *s) { rl_readline_name = (char *)s; }
/* The standard streams, which Swift 6 treats as shared mutable globals. */
static inline FILE *rampart_stdin(void) { return stdin; }
static inline FILE *rampart_stdout(void) { return stdout; }
static inline FILE *rampart_stderr(void) { return stderr; }
#endif
