/* week.h - one plan's week seen from each adult, each teaching group and
 * each pupil: which assignments fall where. Built once in linear time, so
 * that the report and the exports never search the plan.
 *
 * Ownership: a tap_week borrows its school and plan (both must outlive it)
 * and owns its tables; free it with tap_week_destroy. */
#ifndef TAP_WEEK_H
#define TAP_WEEK_H

#include <stdbool.h>

#include "solver/plan.h"

/* What a teaching group's lesson holds: an adult in class (pupil -1), or a
 * pupil withdrawn from it for a session (the session's assignment). */
typedef struct {
    int assignment;
    int pupil;
} tap_week_item;

typedef struct {
    const tap_school *school;
    const tap_plan *plan;
    int *adult_start;  /* [staff][day][slot] + 1 offsets into adult_items */
    int *adult_items;  /* assignment indices */
    int *lesson_at;    /* [group][day][slot]: lesson index or -1 */
    int *group_start;  /* [group][day][slot] + 1 offsets into group_items */
    tap_week_item *group_items;
    int *pupil_start;  /* [pupil] + 1 offsets into pupil_items */
    int *pupil_items;  /* assignment indices, in plan order */
    int *pupil_count;  /* [pupil]: entries in use (a pupil listed twice in one assignment counts once) */
} tap_week;

/* True when every index of the assignment is inside the school; the
 * others (only plans built in code can have them) are left out of the
 * week, the tables and the calendars. */
bool tap_week_fits(const tap_school *school, const tap_assignment *assignment);

/* Builds the week of a plan over its school. The school need not be
 * checked (a school outlined from a plan file has no derived tables):
 * lessons are indexed here. TAP_ENOMEM on failure. */
tap_status tap_week_build(const tap_school *school, const tap_plan *plan, tap_week **out);
void tap_week_destroy(tap_week **week);

/* The assignments of an adult at a day and slot: *n of them (more than one
 * only in a plan that breaks the rules), as indices into plan->assignments. */
const int *tap_week_adult_at(const tap_week *w, int staff, int day, int slot, int *n);

/* The lesson a group has at a day and slot, or -1. */
int tap_week_lesson_at(const tap_week *w, int group, int day, int slot);

/* Adults in a group's lesson and pupils withdrawn from it. */
const tap_week_item *tap_week_group_at(const tap_week *w, int group, int day, int slot, int *n);

/* Every assignment that involves a pupil. */
const int *tap_week_pupil(const tap_week *w, int pupil, int *n);

/* Does the adult do anything that day? */
bool tap_week_works(const tap_week *w, int staff, int day);

/* The slot to show as the adult's break that day: a free, available slot
 * at least policy.break_minutes long, unstructured time first, then the
 * earliest; -1 when the adult does not work that day or no such slot is
 * free (slot times unknown, or a plan that breaks the rule). */
int tap_week_break_slot(const tap_week *w, int staff, int day);

/* True when two plans of the same school give the adult the same thing to
 * do at this day and slot (same activities, groups, subjects, programmes,
 * pupils). */
bool tap_week_same_cell(const tap_week *a, const tap_week *b, int staff, int day, int slot);

#endif
