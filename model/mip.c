/* mip.c - growth of the column, row and entry arrays, and the checks that
 * let a starting plan be verified against the rows before a solver sees it. */
#include "mip.h"

#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

void tap_mip_init(tap_mip *mip)
{
    memset(mip, 0, sizeof *mip);
}

void tap_mip_release(tap_mip *mip)
{
    if (!mip)
        return;
    free(mip->cols);
    free(mip->rows);
    free(mip->entries);
    tap_arena_destroy(&mip->arena);
    memset(mip, 0, sizeof *mip);
}

/* Doubles *capacity until it holds need items; false when memory ran out. */
static bool reserve(void **array, int *capacity, int need, size_t size)
{
    if (need <= *capacity)
        return true;
    int grown = *capacity ? *capacity : 256;
    while (grown < need) {
        if (grown > (1 << 28))
            return false;
        grown *= 2;
    }
    void *bigger = realloc(*array, (size_t)grown * size);
    if (!bigger)
        return false;
    *array = bigger;
    *capacity = grown;
    return true;
}

static const char *format_name(tap_mip *mip, const char *format, va_list args)
{
    if (!mip->named)
        return "";
    char buffer[256];
    int length = vsnprintf(buffer, sizeof buffer, format, args);
    if (length < 0)
        return NULL;
    if ((size_t)length >= sizeof buffer)
        length = (int)sizeof buffer - 1;
    return tap_arena_strndup(&mip->arena, buffer, (size_t)length);
}

int tap_mip_col(tap_mip *mip, tap_col_kind kind, double lower, double upper, double cost,
                const char *name_format, ...)
{
    if (mip->failed || !reserve((void **)&mip->cols, &mip->cap_cols, mip->n_cols + 1, sizeof *mip->cols)) {
        mip->failed = true;
        return -1;
    }
    va_list args;
    va_start(args, name_format);
    const char *name = format_name(mip, name_format, args);
    va_end(args);
    if (!name) {
        mip->failed = true;
        return -1;
    }
    tap_col *col = &mip->cols[mip->n_cols];
    col->kind = kind;
    col->lower = lower;
    col->upper = upper;
    col->cost = cost;
    col->name = name;
    return mip->n_cols++;
}

void tap_mip_row_begin(tap_mip *mip, const char *name_format, ...)
{
    if (mip->failed || !reserve((void **)&mip->rows, &mip->cap_rows, mip->n_rows + 1, sizeof *mip->rows)) {
        mip->failed = true;
        return;
    }
    va_list args;
    va_start(args, name_format);
    const char *name = format_name(mip, name_format, args);
    va_end(args);
    if (!name) {
        mip->failed = true;
        return;
    }
    tap_row *row = &mip->rows[mip->n_rows];
    row->first = mip->n_entries;
    row->n_entries = 0;
    row->name = name;
    mip->open_row = true;
}

void tap_mip_row_add(tap_mip *mip, int col, double value)
{
    if (mip->failed || !mip->open_row || col < 0 || value == 0.0)
        return;
    if (!reserve((void **)&mip->entries, &mip->cap_entries, mip->n_entries + 1, sizeof *mip->entries)) {
        mip->failed = true;
        return;
    }
    mip->entries[mip->n_entries].col = col;
    mip->entries[mip->n_entries].value = value;
    mip->n_entries++;
    mip->rows[mip->n_rows].n_entries++;
}

/* A row that the column bounds alone satisfy (say, one binary <= 1)
 * constrains nothing and only slows the LP: it is dropped. */
static bool implied_by_bounds(const tap_mip *mip, const tap_row *row, double lower, double upper)
{
    double least = 0.0, most = 0.0;
    for (int k = row->first; k < row->first + row->n_entries; k++) {
        const tap_col *col = &mip->cols[mip->entries[k].col];
        double value = mip->entries[k].value;
        double at_lower = value * col->lower, at_upper = value * col->upper;
        if (!isfinite(at_lower) || !isfinite(at_upper))
            return false;
        least += fmin(at_lower, at_upper);
        most += fmax(at_lower, at_upper);
    }
    return most <= upper + 1e-9 && least >= lower - 1e-9;
}

int tap_mip_row_end(tap_mip *mip, double lower, double upper)
{
    if (mip->failed || !mip->open_row)
        return -1;
    mip->open_row = false;
    tap_row *row = &mip->rows[mip->n_rows];
    if (row->n_entries == 0 || implied_by_bounds(mip, row, lower, upper)) {
        mip->n_entries = row->first; /* forget the row's entries */
        return -1;
    }
    row->lower = lower;
    row->upper = upper;
    return mip->n_rows++;
}

double tap_mip_row_activity(const tap_mip *mip, int row, const double *x)
{
    const tap_row *r = &mip->rows[row];
    double sum = 0.0;
    for (int k = r->first; k < r->first + r->n_entries; k++)
        sum += mip->entries[k].value * x[mip->entries[k].col];
    return sum;
}

bool tap_mip_feasible(const tap_mip *mip, const double *x, double tolerance, int *bad_row)
{
    *bad_row = -1;
    for (int j = 0; j < mip->n_cols; j++) {
        const tap_col *c = &mip->cols[j];
        if (!isfinite(x[j]) || x[j] < c->lower - tolerance || x[j] > c->upper + tolerance)
            return false;
        if (c->kind == TAP_COL_BINARY && x[j] != 0.0 && x[j] != 1.0)
            return false;
    }
    for (int i = 0; i < mip->n_rows; i++) {
        double activity = tap_mip_row_activity(mip, i, x);
        if (activity < mip->rows[i].lower - tolerance || activity > mip->rows[i].upper + tolerance) {
            *bad_row = i;
            return false;
        }
    }
    return true;
}

double tap_mip_trivial_bound(const tap_mip *mip)
{
    double bound = mip->offset;
    for (int j = 0; j < mip->n_cols; j++) {
        const tap_col *c = &mip->cols[j];
        double at = c->cost >= 0 ? c->lower : c->upper;
        if (c->cost != 0.0)
            bound += isfinite(at) ? c->cost * at : -HUGE_VAL;
    }
    return bound;
}

double tap_mip_objective(const tap_mip *mip, const double *x)
{
    double sum = mip->offset;
    for (int j = 0; j < mip->n_cols; j++)
        sum += mip->cols[j].cost * x[j];
    return sum;
}

double tap_mip_listed_objective(const tap_mip *mip, const double *x, const int *listed, int n_listed)
{
    double sum = mip->offset;
    for (int k = 0; k < n_listed; k++)
        sum += mip->cols[listed[k]].cost * x[listed[k]];
    return sum;
}

int tap_mip_n_binaries(const tap_mip *mip)
{
    int n = 0;
    for (int j = 0; j < mip->n_cols; j++)
        n += mip->cols[j].kind == TAP_COL_BINARY;
    return n;
}

tap_status tap_mip_restrict(const tap_mip *mip, const bool *movable, const double *x, tap_mip_part *out)
{
    memset(out, 0, sizeof *out);
    tap_mip_init(&out->mip);
    int *renumber = malloc(((size_t)mip->n_cols + 1) * sizeof *renumber);
    out->cols = malloc(((size_t)mip->n_cols + 1) * sizeof *out->cols);
    if (!renumber || !out->cols) {
        free(renumber);
        tap_mip_part_release(out);
        return TAP_ENOMEM;
    }
    out->held_objective = mip->offset;
    for (int j = 0; j < mip->n_cols; j++) {
        const tap_col *c = &mip->cols[j];
        renumber[j] = -1;
        if (!movable[j]) {
            out->held_objective += c->cost * x[j];
            continue;
        }
        renumber[j] = tap_mip_col(&out->mip, c->kind, c->lower, c->upper, c->cost, "%s", "");
        if (renumber[j] >= 0)
            out->cols[renumber[j]] = j;
    }
    for (int i = 0; i < mip->n_rows && !out->mip.failed; i++) {
        const tap_row *row = &mip->rows[i];
        double held = 0.0;
        int n_free = 0;
        for (int k = row->first; k < row->first + row->n_entries; k++) {
            int j = mip->entries[k].col;
            if (renumber[j] >= 0)
                n_free++;
            else
                held += mip->entries[k].value * x[j];
        }
        if (n_free == 0)
            continue;
        tap_mip_row_begin(&out->mip, "%s", "");
        for (int k = row->first; k < row->first + row->n_entries; k++)
            if (renumber[mip->entries[k].col] >= 0)
                tap_mip_row_add(&out->mip, renumber[mip->entries[k].col], mip->entries[k].value);
        tap_mip_row_end(&out->mip, row->lower - held, row->upper - held);
    }
    free(renumber);
    if (out->mip.failed) {
        tap_mip_part_release(out);
        return TAP_ENOMEM;
    }
    return TAP_OK;
}

void tap_mip_part_release(tap_mip_part *part)
{
    if (!part)
        return;
    tap_mip_release(&part->mip);
    free(part->cols);
    part->cols = NULL;
}
