/* candidates_json.h - the index document of `taplan candidates`: each
 * candidate plan's file, objective and summary side by side, and how it
 * differs from the first (docs/candidates.md). A user of cJSON, beside
 * plan_json.c, which writes the plans themselves. */
#ifndef TAP_CANDIDATES_JSON_H
#define TAP_CANDIDATES_JSON_H

#include <stddef.h>

#include "candidates.h"

/* The name of candidate k's plan file (k from 0): "candidate-1.json", ... */
void tap_candidates_file_name(int k, char *buffer, size_t size);

/* Renders the index as a taplan-candidates/1 document: a malloc'd,
 * NUL-terminated string owned by the caller. TAP_ENOMEM on failure. */
tap_status tap_candidates_json_render(const tap_school *school, const tap_candidates *candidates, char **out);

/* Writes every candidate's plan and then the index, candidates.json, into
 * folder dir (made when missing), each file all or nothing (mode 0600). */
tap_status tap_candidates_json_write(const tap_school *school, const tap_candidates *candidates, const char *dir,
                                     tap_diags *diags);

#endif
