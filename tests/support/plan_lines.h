/* plan_lines.h - hand-made plans for the output tests, one readable line an
 * assignment: "STAFF DAY SLOT ACTIVITY [group=G] [subject=S] [programme=Q]
 * [pupils=P1,P2] [withdrawn=P1:G:S,...]". Header-only so that each suite
 * links nothing beyond tests/support/testing.c. */
#ifndef TAP_PLAN_LINES_H
#define TAP_PLAN_LINES_H

#include <stdio.h>
#include <string.h>

#include "support/testing.h"
#include "solver/plan.h"

/* The clean plan of tests/data/verify_school.yaml: it breaks no rule, and
 * test_verify.c works out its figures by hand. */
static const char *const plan_lines_clean[] = {
    "TA-Hughes Mon P1 in_class group=4A subject=maths pupils=A1",
    "TA-Hughes Mon P2 intervention programme=speech pupils=A1,A2 withdrawn=A1:4A:english,A2:4A:english",
    "TA-Hughes Mon LUNCH unstructured pupils=A1,B1",
    "TA-Hughes Tue P1 in_class group=4A subject=english pupils=A1",
    "TA-Hughes Tue P2 planning",
    "TA-Hughes Tue LUNCH unstructured pupils=A1",
    "TA-Khan Mon P1 in_class group=4B subject=english pupils=B1",
    "TA-Khan Mon P2 planning",
    "TA-Khan Mon P3 intervention programme=speech pupils=B1 withdrawn=B1:4B:maths",
    "TA-Khan Tue P2 in_class group=4A subject=maths pupils=A2",
    NULL,
};

static inline int plan_lines_find(const tap_school *s, const char *kind, const char *id)
{
    int index = -1;
    if (strcmp(kind, "staff") == 0)
        index = tap_school_find_staff(s, id);
    else if (strcmp(kind, "day") == 0)
        index = tap_school_find_day(s, id);
    else if (strcmp(kind, "slot") == 0)
        index = tap_school_find_slot(s, id);
    else if (strcmp(kind, "group") == 0)
        index = tap_school_find_group(s, id);
    else if (strcmp(kind, "subject") == 0)
        index = tap_school_find_subject(s, id);
    else if (strcmp(kind, "programme") == 0)
        index = tap_school_find_programme(s, id);
    else if (strcmp(kind, "pupil") == 0)
        index = tap_school_find_pupil(s, id);
    if (index < 0)
        fail_msg("plan line names unknown %s '%s'", kind, id);
    return index;
}

static inline tap_activity plan_lines_activity(const char *name)
{
    static const tap_activity all[] = {TAP_ACT_IN_CLASS, TAP_ACT_INTERVENTION, TAP_ACT_UNSTRUCTURED,
                                       TAP_ACT_PLANNING};
    for (size_t i = 0; i < sizeof all / sizeof all[0]; i++)
        if (strcmp(name, tap_activity_name(all[i])) == 0)
            return all[i];
    fail_msg("unknown activity '%s'", name);
    return TAP_ACT_PLANNING;
}

/* Appends the assignment one line describes. */
static inline void plan_lines_add(const tap_school *s, tap_plan *plan, const char *line)
{
    char text[1024];
    snprintf(text, sizeof text, "%s", line);
    int pupils[64];
    tap_withdrawal withdrawn[64];
    tap_assignment a = {-1, -1, -1, TAP_ACT_PLANNING, -1, -1, -1, pupils, 0, withdrawn, 0};
    char *save = NULL;
    a.staff = plan_lines_find(s, "staff", strtok_r(text, " ", &save));
    a.day = plan_lines_find(s, "day", strtok_r(NULL, " ", &save));
    a.slot = plan_lines_find(s, "slot", strtok_r(NULL, " ", &save));
    a.activity = plan_lines_activity(strtok_r(NULL, " ", &save));
    for (char *word = strtok_r(NULL, " ", &save); word; word = strtok_r(NULL, " ", &save)) {
        char *value = strchr(word, '=');
        assert_non_null(value);
        *value++ = '\0';
        char *inner = NULL;
        if (strcmp(word, "group") == 0) {
            a.group = plan_lines_find(s, "group", value);
        } else if (strcmp(word, "subject") == 0) {
            a.subject = plan_lines_find(s, "subject", value);
        } else if (strcmp(word, "programme") == 0) {
            a.programme = plan_lines_find(s, "programme", value);
        } else if (strcmp(word, "pupils") == 0) {
            for (char *id = strtok_r(value, ",", &inner); id; id = strtok_r(NULL, ",", &inner))
                pupils[a.n_pupils++] = plan_lines_find(s, "pupil", id);
        } else if (strcmp(word, "withdrawn") == 0) {
            for (char *entry = strtok_r(value, ",", &inner); entry; entry = strtok_r(NULL, ",", &inner)) {
                char *part = NULL;
                tap_withdrawal *w = &withdrawn[a.n_withdrawn++];
                w->pupil = plan_lines_find(s, "pupil", strtok_r(entry, ":", &part));
                w->group = plan_lines_find(s, "group", strtok_r(NULL, ":", &part));
                w->subject = plan_lines_find(s, "subject", strtok_r(NULL, ":", &part));
            }
        } else {
            fail_msg("unknown key '%s' in plan line", word);
        }
    }
    assert_int_equal(tap_plan_add(plan, &a), TAP_OK);
}

/* Removes every assignment at "STAFF DAY SLOT". */
static inline void plan_lines_remove(const tap_school *s, tap_plan *plan, const char *where)
{
    char text[256];
    snprintf(text, sizeof text, "%s", where);
    char *save = NULL;
    int staff = plan_lines_find(s, "staff", strtok_r(text, " ", &save));
    int day = plan_lines_find(s, "day", strtok_r(NULL, " ", &save));
    int slot = plan_lines_find(s, "slot", strtok_r(NULL, " ", &save));
    int kept = 0;
    for (int i = 0; i < plan->n_assignments; i++) {
        const tap_assignment *a = &plan->assignments[i];
        if (!(a->staff == staff && a->day == day && a->slot == slot))
            plan->assignments[kept++] = *a;
    }
    assert_true(kept < plan->n_assignments);
    plan->n_assignments = kept;
}

/* A new plan holding the given lines (NULL-terminated), sorted. */
static inline tap_plan *plan_lines_build(const tap_school *s, const char *const *lines)
{
    tap_plan *plan = tap_plan_create();
    assert_non_null(plan);
    for (int i = 0; lines[i]; i++)
        plan_lines_add(s, plan, lines[i]);
    tap_plan_sort(plan);
    return plan;
}

#endif
