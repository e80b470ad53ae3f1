/* generator.h - realistic schools made up from a seed, written as school
 * YAML, so anyone can reproduce a benchmark without real pupil data. The
 * same parameters give the same bytes on every platform (integer arithmetic
 * and our own random stream only). docs/generator.md gives every rule. */
#ifndef TAP_GENERATOR_H
#define TAP_GENERATOR_H

#include <stddef.h>
#include <stdint.h>

#include "../base/diag.h"

typedef enum { TAP_GENERATOR_PRIMARY, TAP_GENERATOR_SECONDARY } tap_generator_kind;

/* Size bounds: a roll outside them is refused (TAP_EINPUT). */
#define TAP_GENERATOR_MIN_PRIMARY 20
#define TAP_GENERATOR_MAX_PRIMARY 2000
#define TAP_GENERATOR_MIN_SECONDARY 100
#define TAP_GENERATOR_MAX_SECONDARY 3000
#define TAP_GENERATOR_MIN_PRESSURE 0.25
#define TAP_GENERATOR_MAX_PRESSURE 4.0

typedef struct {
    tap_generator_kind kind;
    int n_pupils;    /* the whole roll; only pupils with a plan are written */
    uint64_t seed;   /* any value */
    double pressure; /* demand / usable contact hours, used to the nearest 0.001 */
} tap_generator_params;

/* What a render produced, for the terminal and the benchmark. The hours are
 * exact: they come from whole seconds. */
typedef struct {
    int n_pupils;
    int n_ehcp;
    int n_sen_support;
    int n_groups;
    int n_lessons;
    int n_staff;
    int n_programmes;
    int lessons_a_week; /* per pupil: every pupil has a lesson in every lesson slot */
    double statutory_hours;  /* adult hours a week the EHC plans ask for */
    double sen_support_hours;
    double usable_hours;     /* contact hours the adults can give at most */
    int gap_programme;       /* 1 when one programme has no trained adult (high pressure) */
} tap_generator_summary;

/* Primary, 280 pupils, seed 1, pressure 1. */
tap_generator_params tap_generator_defaults(void);

/* Checks the parameters; TAP_EINPUT with one diagnostic per problem. */
tap_status tap_generator_check(const tap_generator_params *params, tap_diags *diags);

/* Renders the school file for params. On TAP_OK *text is a malloc'd,
 * NUL-terminated YAML document of *length bytes that the caller frees;
 * summary may be NULL. TAP_EINPUT for bad parameters (diagnostics say
 * which), TAP_ENOMEM when memory ran out; *text is NULL then. */
tap_status tap_generator_render(const tap_generator_params *params, char **text, size_t *length,
                                tap_generator_summary *summary, tap_diags *diags);

#endif
