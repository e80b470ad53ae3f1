/* random_school.h - tiny schools of random shape, made up from a seed, for
 * checking taplan against a second solver. Where the generator
 * (generator.h) makes schools that look like England's, these put every
 * rule of the model in play at random (ratios, skills, strengths, subject
 * limits, withdrawals, unstructured cover, breaks, planning, availability,
 * possible hires, budgets, continuity) in a model small enough for GLPK
 * alone to prove its optimum in seconds. The same seed gives the same
 * bytes on every platform. docs/generator.md gives the rules. */
#ifndef TAP_RANDOM_SCHOOL_H
#define TAP_RANDOM_SCHOOL_H

#include <stddef.h>
#include <stdint.h>

#include "../base/diag.h"

#define TAP_RANDOM_SCHOOL_MAX_PUPILS 12

/* Renders the school for seed with n_pupils pupils (0: two to seven,
 * drawn from the seed). On TAP_OK *text is a malloc'd, NUL-terminated YAML
 * document of *length bytes that the caller frees. TAP_EINPUT when
 * n_pupils is out of range (a diagnostic says so), TAP_ENOMEM when memory
 * ran out; *text is NULL then. */
tap_status tap_random_school_render(uint64_t seed, int n_pupils, char **text, size_t *length, tap_diags *diags);

#endif
