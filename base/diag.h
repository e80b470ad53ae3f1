/* diag.h - located diagnostics: "FILE:LINE:COLUMN: error: MESSAGE".
 * Library code never prints: it appends diagnostics to a caller-owned list
 * and returns a status; only the command-line layer writes them out. */
#ifndef TAP_DIAG_H
#define TAP_DIAG_H

#include <stdarg.h>
#include <stdio.h>

/* Status of every fallible call. Values map to documented exit codes in cli/. */
typedef enum {
    TAP_OK = 0,
    TAP_EINPUT,   /* the input is invalid; diagnostics say where (exit 2) */
    TAP_ENOMEM,   /* an allocation failed */
    TAP_EIO,      /* a file could not be read or written */
    TAP_ESOLVER   /* the MIP solver failed internally */
} tap_status;

/* A position in an input file, 1-based. file is borrowed (it outlives the
 * diagnostic list); line 0 means "no position known". */
typedef struct {
    const char *file;
    int line;
    int column;
} tap_pos;

typedef struct {
    tap_pos pos;
    char *message; /* owned */
} tap_diag;

/* A growing list of diagnostics, owned by whoever created it. */
typedef struct {
    tap_diag *items;
    int n_items;
    int capacity;
    int n_dropped; /* diagnostics lost to memory exhaustion or the cap */
} tap_diags;

#define TAP_DIAGS_MAX 1000 /* a broken file reports this many and no more */

/* Appends an error at pos. Never fails loudly: on exhausted memory the
 * diagnostic is counted in n_dropped instead. Returns TAP_EINPUT so callers
 * can write `return tap_diags_add(...)`. */
tap_status tap_diags_add(tap_diags *diags, tap_pos pos, const char *format, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 3, 4)))
#endif
    ;

/* The same with the arguments as a va_list, for other variadic functions
 * that report through a list. */
tap_status tap_diags_vadd(tap_diags *diags, tap_pos pos, const char *format, va_list args)
#if defined(__GNUC__)
    __attribute__((format(printf, 3, 0)))
#endif
    ;

/* Writes every diagnostic as FILE:LINE:COLUMN: error: MESSAGE, one a line. */
void tap_diags_print(const tap_diags *diags, FILE *out);

/* Frees every message; the list may be reused afterwards. Accepts NULL. */
void tap_diags_clear(tap_diags *diags);

/* Short human text for a status. */
const char *tap_status_text(tap_status status);

#endif
