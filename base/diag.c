/* diag.c - the located diagnostic list. */
#include "diag.h"

#include "text.h"

#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

tap_status tap_diags_add(tap_diags *diags, tap_pos pos, const char *format, ...)
{
    va_list args;
    va_start(args, format);
    tap_status status = tap_diags_vadd(diags, pos, format, args);
    va_end(args);
    return status;
}

tap_status tap_diags_vadd(tap_diags *diags, tap_pos pos, const char *format, va_list args)
{
    if (diags->n_items >= TAP_DIAGS_MAX) {
        diags->n_dropped++;
        return TAP_EINPUT;
    }
    if (diags->n_items == diags->capacity) {
        int capacity = diags->capacity ? diags->capacity * 2 : 16;
        tap_diag *items = realloc(diags->items, (size_t)capacity * sizeof *items);
        if (!items) {
            diags->n_dropped++;
            return TAP_EINPUT;
        }
        diags->items = items;
        diags->capacity = capacity;
    }
    tap_text text = tap_text_empty(0);
    tap_text_vprintf(&text, format, args);
    char *message = tap_text_take(&text);
    if (!message) {
        diags->n_dropped++;
        return TAP_EINPUT;
    }
    diags->items[diags->n_items].pos = pos;
    diags->items[diags->n_items].message = message;
    diags->n_items++;
    return TAP_EINPUT;
}

void tap_diags_print(const tap_diags *diags, FILE *out)
{
    for (int i = 0; i < diags->n_items; i++) {
        const tap_diag *d = &diags->items[i];
        const char *file = d->pos.file ? d->pos.file : "taplan";
        if (d->pos.line > 0)
            fprintf(out, "%s:%d:%d: error: %s\n", file, d->pos.line, d->pos.column, d->message);
        else
            fprintf(out, "%s: error: %s\n", file, d->message);
    }
    if (diags->n_dropped > 0)
        fprintf(out, "taplan: error: %d further error(s) not shown\n", diags->n_dropped);
}

void tap_diags_clear(tap_diags *diags)
{
    if (!diags)
        return;
    for (int i = 0; i < diags->n_items; i++)
        free(diags->items[i].message);
    free(diags->items);
    memset(diags, 0, sizeof *diags);
}

const char *tap_status_text(tap_status status)
{
    switch (status) {
    case TAP_OK: return "ok";
    case TAP_EINPUT: return "invalid input";
    case TAP_ENOMEM: return "out of memory";
    case TAP_EIO: return "input/output error";
    case TAP_ESOLVER: return "solver failure";
    }
    return "unknown status";
}
