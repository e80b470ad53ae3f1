/* comparison_json.h - the comparison document of `taplan compare`: every
 * option (or, for a budget sweep, every option at every budget) side by
 * side, with its full plan. docs/scenarios.md describes both formats. */
#ifndef TAP_COMPARISON_JSON_H
#define TAP_COMPARISON_JSON_H

#include "compare.h"

/* Renders the comparison as a taplan-comparison/1 document, or a
 * taplan-budget-sweep/1 document for a sweep: a malloc'd, NUL-terminated
 * string owned by the caller. The verdict is rendered from the comparison.
 * TAP_ENOMEM on failure. */
tap_status tap_comparison_json_render(const tap_comparison *comparison, char **out);

/* Renders and writes atomically (mode 0600). */
tap_status tap_comparison_json_write(const tap_comparison *comparison, const char *path, tap_diags *diags);

#endif
