/* mip_checker.h - a MIP's rows checked at a solution that is mostly zeros,
 * in time that grows with its nonzero columns rather than with the whole
 * matrix. A plan of a 2,000-pupil secondary sets a few thousand of its
 * 235,000 statutory columns; checking all 1.5 million entries of the
 * matrix for each plan the search grows took a quarter of its time.
 *
 * The checker is the matrix by columns, built once and read by any number
 * of threads; each thread checks with its own tap_mip_scratch. */
#ifndef TAP_MIP_CHECKER_H
#define TAP_MIP_CHECKER_H

#include "mip.h"

typedef struct {
    const tap_mip *mip; /* borrowed; must outlive the checker */
    int *first;         /* [n_cols + 1]: column j's entries are [first[j], first[j + 1]) */
    int *row;           /* [n_entries] the row of each entry, column by column */
    int *entry;         /* [n_entries] its place in mip->entries, for the value
                         * (a copy of the values would make the check 3% quicker
                         * and the checker half as large again: 32 MB on the
                         * 2,000-pupil secondary's whole model) */
    int *zero_out;      /* rows whose bounds exclude 0: met only by a nonzero column */
    int n_zero_out;
    int *fixed;         /* columns whose bounds exclude 0 */
    int n_fixed;
} tap_mip_checker;

/* One thread's work space for checks against a checker's MIP. */
typedef struct {
    double *activity; /* [n_rows] valid where mark equals stamp */
    unsigned *mark;   /* [n_rows] */
    int *touched;     /* [n_rows] rows a nonzero column enters */
    unsigned stamp;
} tap_mip_scratch;

/* Builds the checker of mip (which must not change while the checker is
 * in use). TAP_OK or TAP_ENOMEM (then *out holds nothing). */
tap_status tap_mip_checker_build(const tap_mip *mip, tap_mip_checker *out);
void tap_mip_checker_release(tap_mip_checker *checker);

tap_status tap_mip_scratch_init(const tap_mip *mip, tap_mip_scratch *out);
void tap_mip_scratch_release(tap_mip_scratch *scratch);

/* What tap_mip_feasible says of x, where listed[n_listed] holds, in
 * ascending order, every column at which x is not 0 (and maybe others at
 * 0): a plan's columns as tap_solution_from_plan_listed gives them. */
bool tap_mip_checker_feasible(const tap_mip_checker *checker, tap_mip_scratch *scratch, const double *x,
                              const int *listed, int n_listed, double tolerance, int *bad_row);

#endif
