/* capacity.h - demand against capacity, before any solve: what the pupils'
 * plans ask of the adults, and what the adults can give, per skill. A SENCO
 * sees an impossible week here without waiting for the solver. */
#ifndef TAP_CAPACITY_H
#define TAP_CAPACITY_H

#include "school.h"

typedef struct {
    double in_class_hours;     /* pupil hours of in-class support */
    int sessions;              /* intervention sessions */
    double unstructured_hours; /* pupil hours of unstructured cover */
    double adult_hours;        /* adult hours it takes: shared by ratio and group size */
    int n_pupils;
} tap_demand;

typedef struct {
    int skill;
    int n_pupils;         /* pupils who need an adult with it (own skills or a programme) */
    double adult_hours;   /* adult hours of that demand */
    int n_adults;         /* employed adults holding it */
    double hours;         /* their contact hours (contract less planning) */
    int n_optional;       /* possible hires holding it */
} tap_skill_capacity;

typedef struct {
    tap_demand statutory;   /* EHC plans */
    tap_demand sen_support;
    double contact_hours;   /* non-optional staff: contracted less planning */
    double optional_hours;  /* possible hires, likewise */
    tap_skill_capacity *skills; /* [n_skills], in school skill order */
    int n_skills;
} tap_capacity;

/* Computes the table for a checked school. TAP_ENOMEM on failure; free with
 * tap_capacity_release. */
tap_status tap_capacity_compute(const tap_school *school, tap_capacity *out);
void tap_capacity_release(tap_capacity *capacity);

#endif
