/* csv.h - the plan as three spreadsheet tables (RFC 4180): one row per
 * assignment, per pupil with a plan, per adult. UTF-8 with a byte-order
 * mark and CRLF line ends, so that common spreadsheets open them cleanly;
 * text that a spreadsheet would run as a formula is defused. */
#ifndef TAP_CSV_H
#define TAP_CSV_H

#include <stdbool.h>

#include "base/diag.h"
#include "solver/plan.h"

typedef enum { TAP_CSV_ASSIGNMENTS, TAP_CSV_PUPILS, TAP_CSV_STAFF } tap_csv_table;

typedef struct {
    bool pseudonymise; /* leave the name column empty even where the school gives one */
    bool times_known;  /* false for a school outlined from a plan file: times and hours per slot are left empty */
} tap_csv_settings;

/* The file name of a table: "assignments.csv", "pupils.csv", "staff.csv". */
const char *tap_csv_file_name(tap_csv_table table);

/* Renders one table into a malloc'd string the caller frees. */
tap_status tap_csv_render(const tap_school *school, const tap_plan *plan, const tap_figures *figures,
                          tap_csv_table table, const tap_csv_settings *settings, char **out);

/* Writes the three tables into folder dir (made when missing), each file
 * atomically with mode 0600. */
tap_status tap_csv_write(const tap_school *school, const tap_plan *plan, const tap_figures *figures,
                         const tap_csv_settings *settings, const char *dir, tap_diags *diags);

#endif
