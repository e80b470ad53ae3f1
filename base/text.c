/* text.c - the growing string of text.h. Grows by doubling up to its
 * bound; formatted text is measured first, then written once. */
#include "text.h"

#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

tap_text tap_text_empty(size_t max_length)
{
    tap_text t = {NULL, 0, 0, max_length, false};
    return t;
}

static size_t bound_of(const tap_text *t)
{
    return t->max_length && t->max_length < TAP_TEXT_MAX_BYTES ? t->max_length : TAP_TEXT_MAX_BYTES;
}

/* Makes room for extra more bytes plus the NUL; false (and failed) when
 * memory or the bound runs out. */
static bool reserve(tap_text *t, size_t extra)
{
    if (t->failed)
        return false;
    size_t bound = bound_of(t);
    if (extra > bound - t->length) {
        t->failed = true;
        return false;
    }
    size_t needed = t->length + extra + 1;
    if (needed <= t->capacity)
        return true;
    size_t capacity = t->capacity ? t->capacity : 4096;
    while (capacity < needed)
        capacity = capacity > bound / 2 ? bound + 1 : capacity * 2;
    char *data = realloc(t->data, capacity);
    if (!data) {
        t->failed = true;
        return false;
    }
    t->data = data;
    t->capacity = capacity;
    return true;
}

void tap_text_putn(tap_text *t, const char *text, size_t n)
{
    if (!text || !reserve(t, n))
        return;
    memcpy(t->data + t->length, text, n);
    t->length += n;
    t->data[t->length] = '\0';
}

void tap_text_put(tap_text *t, const char *text)
{
    if (text)
        tap_text_putn(t, text, strlen(text));
}

void tap_text_printf(tap_text *t, const char *format, ...)
{
    va_list args;
    va_start(args, format);
    tap_text_vprintf(t, format, args);
    va_end(args);
}

void tap_text_vprintf(tap_text *t, const char *format, va_list args)
{
    va_list copy;
    va_copy(copy, args);
    int length = vsnprintf(NULL, 0, format, copy);
    va_end(copy);
    if (length < 0)
        t->failed = true;
    else if (reserve(t, (size_t)length)) {
        vsnprintf(t->data + t->length, (size_t)length + 1, format, args);
        t->length += (size_t)length;
    }
}

void tap_gap_percent(double gap, int digits, char *out, size_t size)
{
    double shown = pow(10.0, -digits); /* the least percentage the digits show */
    if (gap > 0 && 100.0 * gap < 0.5 * shown)
        snprintf(out, size, "under %.*f%%", digits, shown);
    else
        snprintf(out, size, "%.*f%%", digits, 100.0 * gap);
}

void tap_text_number(tap_text *t, double value, int max_decimals)
{
    if (!isfinite(value)) {
        tap_text_put(t, "?");
        return;
    }
    if (max_decimals < 0)
        max_decimals = 0;
    if (max_decimals > 9)
        max_decimals = 9;
    char buffer[64];
    int n = snprintf(buffer, sizeof buffer, "%.*f", max_decimals, value);
    if (n < 0 || (size_t)n >= sizeof buffer) {
        tap_text_put(t, "?"); /* beyond 1e50: no figure of taplan gets there */
        return;
    }
    if (strchr(buffer, '.')) {
        while (n > 0 && buffer[n - 1] == '0')
            buffer[--n] = '\0';
        if (n > 0 && buffer[n - 1] == '.')
            buffer[--n] = '\0';
    }
    tap_text_put(t, strcmp(buffer, "-0") == 0 ? "0" : buffer);
}

double tap_shown(double value)
{
    double shown = round(value * 100.0) / 100.0;
    return shown == 0.0 ? 0.0 : shown;
}

double tap_stored(double value)
{
    double stored = round(value * 1e6) / 1e6;
    return stored == 0.0 ? 0.0 : stored;
}

tap_status tap_text_finish(tap_text *t, char **data, size_t *length)
{
    *data = NULL;
    *length = 0;
    if (!t->failed && !t->data && reserve(t, 0))
        t->data[0] = '\0'; /* nothing appended: the empty string */
    if (t->failed) {
        tap_text_free(t);
        return TAP_ENOMEM;
    }
    *data = t->data;
    *length = t->length;
    t->data = NULL;
    tap_text_free(t);
    return TAP_OK;
}

char *tap_text_take(tap_text *t)
{
    char *data = NULL;
    size_t length = 0;
    return tap_text_finish(t, &data, &length) == TAP_OK ? data : NULL;
}

void tap_text_free(tap_text *t)
{
    if (!t)
        return;
    free(t->data);
    *t = tap_text_empty(t->max_length);
}
