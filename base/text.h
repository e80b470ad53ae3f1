/* text.h - a growing text buffer for documents rendered by hand (a school
 * file). Appends never fail loudly: the first failure is remembered and
 * reported once, by tap_text_finish. */
#ifndef TAP_TEXT_H
#define TAP_TEXT_H

#include <stdbool.h>
#include <stddef.h>

#include "diag.h"

typedef struct {
    char *data; /* NUL-terminated while not failed; owned */
    size_t length;
    size_t capacity;
    size_t max_length; /* appends beyond this fail; 0: no bound */
    bool failed;
} tap_text;

/* An empty buffer that refuses to grow past max_length bytes (0: no bound). */
tap_text tap_text_empty(size_t max_length);

/* Appends printf-style text. Does nothing once the buffer has failed. */
void tap_text_printf(tap_text *text, const char *format, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 2, 3)))
#endif
    ;

/* Appends a string as it is. */
void tap_text_append(tap_text *text, const char *string);

/* Hands the text over: on TAP_OK *data (malloc'd, NUL-terminated, the
 * caller frees it) and *length; TAP_ENOMEM when an append failed, with
 * nothing handed over. The buffer is empty afterwards either way. */
tap_status tap_text_finish(tap_text *text, char **data, size_t *length);

/* Frees the buffer without handing it over; accepts NULL. */
void tap_text_release(tap_text *text);

#endif
