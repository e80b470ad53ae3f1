/* mip.h - a solver-neutral mixed-integer program: columns, rows and a sparse
 * matrix, built by the formulation and handed to a solver backend. Knowing
 * no solver library keeps the model testable and the backend replaceable. */
#ifndef TAP_MIP_H
#define TAP_MIP_H

#include <stdbool.h>
#include <stddef.h>

#include "../base/arena.h"
#include "../base/diag.h"

typedef enum { TAP_COL_BINARY, TAP_COL_CONTINUOUS } tap_col_kind;

typedef struct {
    tap_col_kind kind;
    double lower;
    double upper; /* HUGE_VAL for none */
    double cost;  /* objective coefficient (minimised) */
    const char *name; /* for exported models; in the arena, "" when unnamed */
} tap_col;

typedef struct {
    double lower; /* -HUGE_VAL for none */
    double upper; /* HUGE_VAL for none */
    int first;    /* entries [first, first + n_entries) of the matrix */
    int n_entries;
    const char *name; /* as for columns */
} tap_row;

typedef struct {
    int col;
    double value;
} tap_entry;

typedef struct {
    tap_arena arena; /* names */
    tap_col *cols;
    int n_cols, cap_cols;
    tap_row *rows;
    int n_rows, cap_rows;
    tap_entry *entries;
    int n_entries, cap_entries;
    double offset; /* constant term of the objective */
    bool named;    /* columns and rows keep their names (only exported models
                    * need them: on a 2,000-pupil secondary they are 24 MB) */
    bool open_row; /* a row is being built by tap_mip_row_begin/add */
    bool failed;   /* an allocation failed: the MIP is unusable */
} tap_mip;

/* Initialises an empty MIP; free with tap_mip_release. */
void tap_mip_init(tap_mip *mip);
void tap_mip_release(tap_mip *mip);

/* Adds a column and returns its index, or -1 when memory ran out (and sets
 * mip->failed). The name is formatted printf-style and copied when
 * mip->named, else it is "". */
int tap_mip_col(tap_mip *mip, tap_col_kind kind, double lower, double upper, double cost,
                const char *name_format, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 6, 7)))
#endif
    ;

/* Builds a row: begin, add entries (a column may appear once per row), then
 * end with its bounds. A row left with no entries is dropped by end, since
 * it constrains nothing; end returns the row index or -1. */
void tap_mip_row_begin(tap_mip *mip, const char *name_format, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 2, 3)))
#endif
    ;
void tap_mip_row_add(tap_mip *mip, int col, double value);
int tap_mip_row_end(tap_mip *mip, double lower, double upper);

/* Activity of row r for column values x. */
double tap_mip_row_activity(const tap_mip *mip, int row, const double *x);

/* True when x satisfies every bound and row within tolerance, and binaries
 * are 0 or 1. On failure *bad_row (or -1 for a column bound) says where. */
bool tap_mip_feasible(const tap_mip *mip, const double *x, double tolerance, int *bad_row);

/* The least objective the column bounds allow (constant term included):
 * a bound that holds before any solving. */
double tap_mip_trivial_bound(const tap_mip *mip);

/* The objective at x, constant term included. */
double tap_mip_objective(const tap_mip *mip, const double *x);

/* The same from the columns listed[n_listed] alone: when they are every
 * column where x is not 0, in ascending order, the sum is made in the
 * same order and equals tap_mip_objective's to the last bit (a zero
 * adds nothing to it). */
double tap_mip_listed_objective(const tap_mip *mip, const double *x, const int *listed, int n_listed);

int tap_mip_n_binaries(const tap_mip *mip);

/* A part of a MIP: the columns not marked movable are held at the values of a
 * solution, and what remains is a MIP of its own over the movable columns,
 * with every row's bounds moved by what the held columns contribute. Rows
 * left with no free column are dropped (the solution satisfies them). */
typedef struct {
    tap_mip mip;
    int *cols;           /* [mip.n_cols]: the column of the whole MIP */
    double held_objective; /* objective of the held columns, with the constant term */
} tap_mip_part;

/* Builds the part of mip where only columns j with movable[j] may move and the
 * others keep x[j]. On TAP_OK *out owns a new part (release it with
 * tap_mip_part_release); TAP_ENOMEM otherwise. Columns are unnamed. */
tap_status tap_mip_restrict(const tap_mip *mip, const bool *movable, const double *x, tap_mip_part *out);
void tap_mip_part_release(tap_mip_part *part);

#endif
