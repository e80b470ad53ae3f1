/* absence.h - adults away for a day, some slots, or the week (SPEC section
 * 2, absence file), read from a file or from the command line's short form
 * against a checked school. docs/absences.md describes both forms.
 *
 * Ownership: everything inside a tap_absences lives in its arena and is
 * freed by tap_absences_destroy. Each (staff, day) appears at most once:
 * absences given more than once for one adult and day are merged, their
 * slots united, at the position first given. */
#ifndef TAP_ABSENCE_H
#define TAP_ABSENCE_H

#include <stdint.h>

#include "../base/arena.h"
#include "../base/diag.h"
#include "school.h"

/* One absence: an adult away at some slots of one day. */
typedef struct {
    int staff;      /* index into school->staff */
    int day;        /* index into school->days */
    uint32_t slots; /* mask of slot indices; every slot of the day for a whole-day absence */
    tap_pos pos;    /* where it was given */
} tap_absence;

/* items grows only through the functions below. */
typedef struct {
    tap_arena arena;
    tap_absence *items;
    int n_items;
} tap_absences;

/* Reads an absence file (SPEC section 2) against a checked school: unknown
 * staff, day or slot ids, unknown keys, bad shapes are errors located at
 * FILE:LINE:COLUMN naming the id. On TAP_OK *out owns the list. An empty
 * list (absences: []) is valid. */
tap_status tap_absences_read(const tap_school *school, const char *path, tap_absences **out, tap_diags *diags);

/* Appends absences given in the short form of the command line:
 * "TA-Hughes@Tue" (whole day), "TA-Hughes@Tue:P1-P3" (a slot range, in
 * the day's slot order), "TA-Hughes@Tue:P1,P4" (a list), "TA-Hughes@week"
 * (every day). Errors name the text; positions are {"<command line>",0,0}.
 * On an error nothing is appended. */
tap_status tap_absences_parse(const tap_school *school, const char *text, tap_absences *into, tap_diags *diags);

/* Marks every absent slot unavailable in the school, so that nothing the
 * school is then used for (model, verify) places an absent adult. */
void tap_absences_apply(const tap_absences *absences, tap_school *school);

/* True when the list has the adult away at (day, slot). */
bool tap_absences_cover(const tap_absences *absences, int staff, int day, int slot);

/* An empty list, or NULL on exhausted memory. */
tap_absences *tap_absences_create(void);

/* Frees the list; accepts NULL and sets *absences to NULL. */
void tap_absences_destroy(tap_absences **absences);

#endif
