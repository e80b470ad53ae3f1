/* mip_checker.c - see mip_checker.h. */
#include "mip_checker.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

tap_status tap_mip_checker_build(const tap_mip *mip, tap_mip_checker *out)
{
    memset(out, 0, sizeof *out);
    out->mip = mip;
    size_t n_entries = (size_t)mip->n_entries;
    out->first = calloc((size_t)mip->n_cols + 1, sizeof *out->first);
    out->row = malloc((n_entries + 1) * sizeof *out->row);
    out->entry = malloc((n_entries + 1) * sizeof *out->entry);
    out->zero_out = malloc(((size_t)mip->n_rows + 1) * sizeof *out->zero_out);
    out->fixed = malloc(((size_t)mip->n_cols + 1) * sizeof *out->fixed);
    int *next = malloc(((size_t)mip->n_cols + 1) * sizeof *next);
    if (!out->first || !out->row || !out->entry || !out->zero_out || !out->fixed || !next) {
        free(next);
        tap_mip_checker_release(out);
        return TAP_ENOMEM;
    }
    /* column counts, then where each column's entries start */
    for (int i = 0; i < mip->n_rows; i++)
        for (int k = mip->rows[i].first; k < mip->rows[i].first + mip->rows[i].n_entries; k++)
            out->first[mip->entries[k].col + 1]++;
    for (int j = 0; j < mip->n_cols; j++)
        out->first[j + 1] += out->first[j];
    memcpy(next, out->first, (size_t)mip->n_cols * sizeof *next);
    for (int i = 0; i < mip->n_rows; i++) {
        const tap_row *r = &mip->rows[i];
        for (int k = r->first; k < r->first + r->n_entries; k++) {
            int at = next[mip->entries[k].col]++;
            out->row[at] = i;
            out->entry[at] = k;
        }
        if (r->lower > 0.0 || r->upper < 0.0)
            out->zero_out[out->n_zero_out++] = i;
    }
    for (int j = 0; j < mip->n_cols; j++)
        if (mip->cols[j].lower > 0.0 || mip->cols[j].upper < 0.0)
            out->fixed[out->n_fixed++] = j;
    free(next);
    return TAP_OK;
}

void tap_mip_checker_release(tap_mip_checker *checker)
{
    free(checker->first);
    free(checker->row);
    free(checker->entry);
    free(checker->zero_out);
    free(checker->fixed);
    memset(checker, 0, sizeof *checker);
}

tap_status tap_mip_scratch_init(const tap_mip *mip, tap_mip_scratch *out)
{
    size_t n = (size_t)mip->n_rows + 1;
    out->activity = malloc(n * sizeof *out->activity);
    out->mark = calloc(n, sizeof *out->mark);
    out->touched = malloc(n * sizeof *out->touched);
    out->stamp = 0;
    if (!out->activity || !out->mark || !out->touched) {
        tap_mip_scratch_release(out);
        return TAP_ENOMEM;
    }
    return TAP_OK;
}

void tap_mip_scratch_release(tap_mip_scratch *scratch)
{
    free(scratch->activity);
    free(scratch->mark);
    free(scratch->touched);
    memset(scratch, 0, sizeof *scratch);
}

static bool within(double value, double lower, double upper, double tolerance)
{
    return value >= lower - tolerance && value <= upper + tolerance;
}

bool tap_mip_checker_feasible(const tap_mip_checker *checker, tap_mip_scratch *scratch, const double *x,
                              const int *listed, int n_listed, double tolerance, int *bad_row)
{
    const tap_mip *mip = checker->mip;
    *bad_row = -1;
    if (++scratch->stamp == 0) { /* the marks wrapped round: start them again */
        memset(scratch->mark, 0, (size_t)mip->n_rows * sizeof *scratch->mark);
        scratch->stamp = 1;
    }
    unsigned stamp = scratch->stamp;
    /* each row's activity from the nonzero columns */
    bool columns_ok = true;
    int n_touched = 0;
    for (int l = 0; l < n_listed; l++) {
        int j = listed[l];
        double v = x[j];
        if (v == 0.0)
            continue;
        const tap_col *c = &mip->cols[j];
        if (!isfinite(v) || !within(v, c->lower, c->upper, tolerance) || (c->kind == TAP_COL_BINARY && v != 1.0))
            columns_ok = false;
        for (int k = checker->first[j]; k < checker->first[j + 1]; k++) {
            int i = checker->row[k];
            if (scratch->mark[i] != stamp) {
                scratch->mark[i] = stamp;
                scratch->activity[i] = 0.0;
                scratch->touched[n_touched++] = i;
            }
            scratch->activity[i] += mip->entries[checker->entry[k]].value * v;
        }
    }
    for (int f = 0; f < checker->n_fixed && columns_ok; f++) {
        const tap_col *c = &mip->cols[checker->fixed[f]];
        columns_ok = x[checker->fixed[f]] != 0.0 || within(0.0, c->lower, c->upper, tolerance);
    }
    if (!columns_ok)
        return false;
    for (int t = 0; t < n_touched; t++) {
        int i = scratch->touched[t];
        if (!within(scratch->activity[i], mip->rows[i].lower, mip->rows[i].upper, tolerance)) {
            *bad_row = i;
            return false;
        }
    }
    for (int z = 0; z < checker->n_zero_out; z++) {
        int i = checker->zero_out[z];
        if (scratch->mark[i] != stamp && !within(0.0, mip->rows[i].lower, mip->rows[i].upper, tolerance)) {
            *bad_row = i;
            return false;
        }
    }
    return true;
}
