/* text.h - a growing NUL-terminated string for documents built piece by
 * piece (a school file, HTML, CSV, iCalendar). Errors are sticky: append
 * freely, then ask once, at the end, whether everything fitted. */
#ifndef TAP_TEXT_H
#define TAP_TEXT_H

#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>

#include "diag.h"

#define TAP_TEXT_MAX_BYTES ((size_t)1 << 30) /* no document is larger */

/* A zeroed tap_text is an empty buffer bounded by TAP_TEXT_MAX_BYTES. */
typedef struct {
    char *data; /* malloc'd, NUL-terminated once anything was appended */
    size_t length;
    size_t capacity;
    size_t max_length; /* appends beyond this fail; 0: TAP_TEXT_MAX_BYTES */
    bool failed;       /* memory ran out or the bound was passed: data is incomplete */
} tap_text;

/* An empty buffer that refuses to grow past max_length bytes (0: the
 * default bound). */
tap_text tap_text_empty(size_t max_length);

/* Appends text (NULL appends nothing), its first n bytes, or a printf
 * formatted string. Nothing happens once the buffer has failed. */
void tap_text_put(tap_text *t, const char *text);
void tap_text_putn(tap_text *t, const char *text, size_t n);
void tap_text_printf(tap_text *t, const char *format, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 2, 3)))
#endif
    ;
void tap_text_vprintf(tap_text *t, const char *format, va_list args)
#if defined(__GNUC__)
    __attribute__((format(printf, 2, 0)))
#endif
    ;

/* Appends a number with at most max_decimals decimals and no trailing
 * zeros ("12", "0.5", "3647.12"); never "-0", never exponent notation. */
void tap_text_number(tap_text *t, double value, int max_decimals);

/* A gap as a percentage with digits decimals ("12.5%"), or "under 0.1%"
 * for an open gap the digits would show as 0, so that a plan not proven
 * optimal never reads as "gap 0.0%". */
void tap_gap_percent(double gap, int digits, char *out, size_t size);

/* An amount as people read it, for printing with %g: rounded to two
 * decimals (a 50-minute lesson is 0.83 h, not 0.833333), never -0. */
double tap_shown(double value);

/* An amount as files store it: rounded to six decimals (0.833333 h), never
 * -0. Figures are kept whole inside and rounded only here, so a sum of
 * many is the rounded sum, not a sum of rounded parts (97 lessons of 50
 * minutes are 80.833333 h, not 80.833301). */
double tap_stored(double value);

/* Hands over the string (the caller frees it) and empties t; NULL, with t
 * emptied, when anything failed. */
char *tap_text_take(tap_text *t);

/* The same with its length: on TAP_OK *data (malloc'd, the caller frees
 * it) and *length; TAP_ENOMEM when an append failed, with nothing handed
 * over. The buffer is empty afterwards either way. */
tap_status tap_text_finish(tap_text *t, char **data, size_t *length);

/* Frees the string; t may be reused (its bound is kept). Accepts NULL. */
void tap_text_free(tap_text *t);

#endif
