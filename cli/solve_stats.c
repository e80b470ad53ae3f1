/* solve_stats.c - see solve_stats.h. A flat key=value text, built by hand,
 * so that a shell script reads it without a JSON parser. */
#include "solve_stats.h"

#include <stdlib.h>
#include <sys/resource.h>

#include "base/file.h"
#include "base/text.h"

/* A figure that does not exist (no plan, no start) is "none", never a
 * made-up number a script could mistake for a measurement. */
static void put_figure(tap_text *text, const char *key, bool known, double value, int decimals)
{
    tap_text_printf(text, "%s=", key);
    if (known)
        tap_text_number(text, value, decimals);
    else
        tap_text_put(text, "none");
    tap_text_put(text, "\n");
}

/* Peak resident memory of this process in KiB (Linux reports ru_maxrss in
 * kilobytes), or -1 when the system does not say. */
static long peak_memory_kib(void)
{
    struct rusage usage;
    if (getrusage(RUSAGE_SELF, &usage) != 0)
        return -1;
    return usage.ru_maxrss;
}

tap_status cli_solve_stats_write(const char *path, const tap_plan *plan, const tap_figures *figures,
                                 const tap_solve_stats *stats, tap_diags *diags)
{
    bool has_plan = tap_plan_found(plan);
    const tap_summary *sum = &figures->summary;
    long peak = peak_memory_kib();
    tap_text text = tap_text_empty(0);
    tap_text_put(&text, "format=taplan-solve-stats/1\n");
    tap_text_printf(&text, "status=%s\n", tap_plan_status_name(plan->status));
    tap_text_printf(&text, "rows=%d\ncolumns=%d\nbinaries=%d\n", stats->n_rows, stats->n_cols, stats->n_binaries);
    put_figure(&text, "start_objective", stats->start_objective >= 0, stats->start_objective, 6);
    put_figure(&text, "first_plan_seconds", has_plan, stats->first_plan_seconds, 3);
    put_figure(&text, "solve_seconds", true, plan->solve_seconds, 3);
    put_figure(&text, "objective", has_plan, plan->objective, 6);
    put_figure(&text, "bound", has_plan, plan->bound, 6);
    put_figure(&text, "gap", has_plan, plan->gap, 6);
    put_figure(&text, "statutory_shortfall_hours", has_plan, sum->statutory_shortfall_hours, 6);
    tap_text_printf(&text, "statutory_proven=%s\n", has_plan && plan->statutory_proven ? "yes" : "no");
    put_figure(&text, "statutory_bound_hours", has_plan, plan->statutory_bound_hours, 6);
    put_figure(&text, "sen_support_shortfall_hours", has_plan, sum->sen_support_shortfall_hours, 6);
    tap_text_printf(&text, "statutory_work=%d\nwork=%d\n", stats->statutory_work, stats->work);
    put_figure(&text, "peak_memory_kib", peak >= 0, (double)peak, 0);

    char *data = NULL;
    size_t length = 0;
    tap_status status = tap_text_finish(&text, &data, &length);
    if (status == TAP_OK)
        status = tap_file_write_atomic(path, data, length, diags);
    free(data);
    return status;
}
