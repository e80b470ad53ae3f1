/* capacity.c - see capacity.h. Adult hours divide pupil hours by how many
 * pupils one adult may take at once (ratio, group size). */
#include "capacity.h"

#include <stdlib.h>
#include <string.h>

static double unstructured_hours(const tap_school *s, const tap_pupil *p)
{
    double hours = 0.0;
    for (int d = 0; d < s->n_days; d++)
        for (int t = 0; t < s->n_slots; t++)
            if ((p->unstructured_days >> d & 1u) && (p->unstructured_slots >> t & 1u))
                hours += s->slot_hours[t];
    return hours;
}

/* Adult hours one pupil's plan takes, and adds it to demand. */
static double add_pupil(const tap_school *s, const tap_pupil *p, tap_demand *demand)
{
    double unstructured = unstructured_hours(s, p);
    double adult_hours = p->in_class_hours / p->ratio + unstructured / p->unstructured_ratio;
    int sessions = 0;
    for (int n = 0; n < p->n_interventions; n++) {
        sessions += p->interventions[n].sessions;
        adult_hours += p->interventions[n].sessions * s->mean_lesson_hours /
                       s->programmes[p->interventions[n].programme].max_group;
    }
    demand->in_class_hours += p->in_class_hours;
    demand->sessions += sessions;
    demand->unstructured_hours += unstructured;
    demand->adult_hours += adult_hours;
    demand->n_pupils++;
    return adult_hours;
}

static double contact_hours(const tap_school *s, const tap_staff *a)
{
    double longest = 0.0;
    for (int t = 0; t < s->n_slots; t++)
        if (s->slot_hours[t] > longest)
            longest = s->slot_hours[t];
    double hours = a->hours - a->planning_slots * longest;
    return hours > 0 ? hours : 0.0;
}

tap_status tap_capacity_compute(const tap_school *s, tap_capacity *out)
{
    memset(out, 0, sizeof *out);
    out->skills = calloc((size_t)s->n_skills + 1, sizeof *out->skills);
    if (!out->skills)
        return TAP_ENOMEM;
    out->n_skills = s->n_skills;
    for (int k = 0; k < s->n_skills; k++)
        out->skills[k].skill = k;
    for (int p = 0; p < s->n_pupils; p++) {
        const tap_pupil *pupil = &s->pupils[p];
        if (pupil->plan == TAP_PLAN_NONE)
            continue;
        double hours = add_pupil(s, pupil, pupil->plan == TAP_PLAN_EHCP ? &out->statutory : &out->sen_support);
        for (int k = 0; k < pupil->n_skills; k++) {
            out->skills[pupil->skills[k]].n_pupils++;
            out->skills[pupil->skills[k]].adult_hours += hours;
        }
        for (int n = 0; n < pupil->n_interventions; n++) {
            const tap_programme *q = &s->programmes[pupil->interventions[n].programme];
            bool own = false;
            for (int k = 0; k < pupil->n_skills; k++)
                own |= pupil->skills[k] == q->skill;
            if (own)
                continue; /* already counted with the pupil's own skills */
            out->skills[q->skill].n_pupils++;
            out->skills[q->skill].adult_hours += pupil->interventions[n].sessions * s->mean_lesson_hours / q->max_group;
        }
    }
    for (int a = 0; a < s->n_staff; a++) {
        const tap_staff *adult = &s->staff[a];
        double hours = contact_hours(s, adult);
        if (adult->optional)
            out->optional_hours += hours;
        else
            out->contact_hours += hours;
        for (int k = 0; k < adult->n_skills; k++) {
            tap_skill_capacity *skill = &out->skills[adult->skills[k]];
            if (adult->optional) {
                skill->n_optional++;
            } else {
                skill->n_adults++;
                skill->hours += hours;
            }
        }
    }
    return TAP_OK;
}

void tap_capacity_release(tap_capacity *capacity)
{
    if (!capacity)
        return;
    free(capacity->skills);
    capacity->skills = NULL;
}
