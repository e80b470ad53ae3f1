/* solve_stats.h - the measurement document of `solve --stats FILE`: model
 * size, how the solve went, the shortfalls and the process's peak memory,
 * one `key=value` a line, for the benchmark (docs/performance.md). */
#ifndef TAP_SOLVE_STATS_H
#define TAP_SOLVE_STATS_H

#include "base/diag.h"
#include "solver/plan.h"
#include "solver/solve.h"

/* Writes the document for a finished solve to path, atomically and with
 * mode 0600. Nothing is borrowed beyond the call; none of the pointers
 * may be NULL. The peak memory is the whole process's so far. TAP_ENOMEM
 * or TAP_EIO (with a diagnostic at path) on failure. */
tap_status cli_solve_stats_write(const char *path, const tap_plan *plan, const tap_figures *figures,
                                 const tap_solve_stats *stats, tap_diags *diags);

#endif
