/* text.c - see text.h. Grows by doubling; formats straight into the spare
 * room and grows once when it did not fit. */
#include "text.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

tap_text tap_text_empty(size_t max_length)
{
    tap_text text = {NULL, 0, 0, max_length, false};
    return text;
}

/* Makes room for extra more bytes plus the NUL; false (and failed) when
 * memory or the bound runs out. */
static bool reserve(tap_text *text, size_t extra)
{
    if (text->failed)
        return false;
    size_t bound = text->max_length ? text->max_length : (size_t)-1 / 2;
    if (extra > bound - text->length) {
        text->failed = true;
        return false;
    }
    size_t needed = text->length + extra + 1;
    if (needed <= text->capacity)
        return true;
    size_t capacity = text->capacity ? text->capacity : 4096;
    while (capacity < needed)
        capacity *= 2;
    char *data = realloc(text->data, capacity);
    if (!data) {
        text->failed = true;
        return false;
    }
    text->data = data;
    text->capacity = capacity;
    return true;
}

void tap_text_printf(tap_text *text, const char *format, ...)
{
    /* the second pass runs only after reserve made room for the whole */
    for (int pass = 0; pass < 2 && !text->failed; pass++) {
        size_t room = text->capacity - text->length;
        va_list args;
        va_start(args, format);
        int length = vsnprintf(text->data ? text->data + text->length : NULL, text->data ? room : 0, format, args);
        va_end(args);
        if (length < 0) {
            text->failed = true;
        } else if (text->data && (size_t)length < room &&
                   (!text->max_length || (size_t)length <= text->max_length - text->length)) {
            text->length += (size_t)length;
            return;
        } else {
            reserve(text, (size_t)length);
        }
    }
}

void tap_text_append(tap_text *text, const char *string)
{
    size_t length = strlen(string);
    if (!reserve(text, length))
        return;
    memcpy(text->data + text->length, string, length + 1);
    text->length += length;
}

tap_status tap_text_finish(tap_text *text, char **data, size_t *length)
{
    *data = NULL;
    *length = 0;
    if (!text->failed && !text->data && reserve(text, 0))
        text->data[0] = '\0';
    if (text->failed) {
        tap_text_release(text);
        return TAP_ENOMEM;
    }
    *data = text->data;
    *length = text->length;
    text->data = NULL;
    tap_text_release(text);
    return TAP_OK;
}

void tap_text_release(tap_text *text)
{
    if (!text)
        return;
    free(text->data);
    size_t max_length = text->max_length;
    *text = tap_text_empty(max_length);
}
