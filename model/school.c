/* school.c - the school's defaults, lookups and small predicates shared by
 * the reader, the model, the verifier and the explanations. */
#include "school.h"

#include <ctype.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

tap_policy tap_policy_default(void)
{
    tap_policy policy = {0};
    policy.strengths = TAP_STRENGTHS_HARD;
    policy.max_withdrawals_per_subject = 1;
    policy.max_adults_per_pupil = 3;
    policy.break_minutes = 20;
    policy.planning_slots = 1;
    policy.time_limit_s = 60;
    policy.weights = (tap_weights){
        .statutory = 1000,
        .sen_support = 10,
        .sen_fairness = 20,
        .strength_withdrawal = 50,
        .strength_support = 0.5,
        .continuity = 1,
        .hire_cost = 0.01,
        .change = 2,
    };
    return policy;
}

/* The largest weight a school file may give: raised beyond it, the
 * statutory weight would only make the model's numbers harder for GLPK. */
#define MAX_WEIGHT 1e9

double tap_weights_statutory(const tap_weights *w)
{
    const tap_weights d = tap_policy_default().weights;
    const double given[][2] = {{w->sen_support, d.sen_support},
                               {w->sen_fairness, d.sen_fairness},
                               {w->strength_withdrawal, d.strength_withdrawal},
                               {w->strength_support, d.strength_support},
                               {w->continuity, d.continuity},
                               {w->hire_cost, d.hire_cost},
                               {w->change, d.change}};
    double weight = w->statutory;
    for (size_t k = 0; k < sizeof given / sizeof *given; k++)
        weight = fmax(weight, fmin(MAX_WEIGHT, d.statutory / given[k][1] * given[k][0]));
    return weight;
}

void tap_school_destroy(tap_school **school)
{
    if (!school || !*school)
        return;
    tap_arena arena = (*school)->arena; /* the school itself lives in it */
    tap_arena_destroy(&arena);
    *school = NULL;
}

/* Linear scans: schools hold at most a few thousand ids of a kind, and the
 * hot paths (model, verify) work with indices, not ids. */
#define FIND(array, count)                                                                                             \
    for (int i = 0; i < (count); i++)                                                                                  \
        if (!strcmp((array)[i].id, id))                                                                                \
            return i;                                                                                                  \
    return -1

int tap_school_find_day(const tap_school *school, const char *id) { FIND(school->days, school->n_days); }
int tap_school_find_slot(const tap_school *school, const char *id) { FIND(school->slots, school->n_slots); }
int tap_school_find_subject(const tap_school *school, const char *id) { FIND(school->subjects, school->n_subjects); }
int tap_school_find_group(const tap_school *school, const char *id) { FIND(school->groups, school->n_groups); }
int tap_school_find_pupil(const tap_school *school, const char *id) { FIND(school->pupils, school->n_pupils); }
int tap_school_find_programme(const tap_school *school, const char *id)
{
    FIND(school->programmes, school->n_programmes);
}
int tap_school_find_staff(const tap_school *school, const char *id) { FIND(school->staff, school->n_staff); }

static bool contains(const int *items, int n, int item)
{
    for (int i = 0; i < n; i++)
        if (items[i] == item)
            return true;
    return false;
}

bool tap_staff_has_skill(const tap_staff *a, int skill)
{
    return contains(a->skills, a->n_skills, skill);
}

bool tap_school_has_possible_hires(const tap_school *school)
{
    for (int a = 0; a < school->n_staff; a++)
        if (school->staff[a].optional)
            return true;
    return false;
}

bool tap_staff_can_support(const tap_staff *a, const tap_pupil *p)
{
    for (int k = 0; k < p->n_skills; k++)
        if (!tap_staff_has_skill(a, p->skills[k]))
            return false;
    return true;
}

int tap_pupil_need_of(const tap_pupil *p, int q)
{
    for (int n = 0; n < p->n_interventions; n++)
        if (p->interventions[n].programme == q)
            return n;
    return -1;
}

bool tap_pupil_has_strength(const tap_pupil *p, int subject)
{
    return contains(p->strengths, p->n_strengths, subject);
}

bool tap_pupil_counts_subject(const tap_pupil *p, int subject)
{
    return p->n_support_subjects == 0 || contains(p->support_subjects, p->n_support_subjects, subject);
}

int tap_staff_session_capacity(const tap_staff *a, const tap_programme *q)
{
    return a->role == TAP_ROLE_TEACHER ? 2 * q->max_group : q->max_group;
}

int tap_day_weekday(const char *id)
{
    static const char *const names[] = {"monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"};
    size_t n = strlen(id);
    for (int d = 0; d < 7; d++) {
        size_t full = strlen(names[d]);
        if (n != 3 && n != full)
            continue;
        size_t k = 0;
        while (k < n && tolower((unsigned char)id[k]) == names[d][k])
            k++;
        if (k == n)
            return d;
    }
    return -1;
}

int tap_slot_minutes(const tap_slot *slot)
{
    return slot->end_minute - slot->start_minute;
}
