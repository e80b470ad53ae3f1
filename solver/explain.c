/* explain.c - reasons for shortfalls. Each part of a pupil's entitlement
 * that is short gets the first binding cause found, checked from the most
 * basic (nobody holds the skill) to the most circumstantial (the adults
 * who could help are busy). */
#include "explain.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../model/formulation.h"

typedef struct {
    const tap_school *s;
    const tap_plan *plan;
    const tap_figures *figures;
    FILE *out;
    int n_parts;
} explainer;

static void part(explainer *e, const char *format, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 2, 3)))
#endif
    ;

static void part(explainer *e, const char *format, ...)
{
    if (e->n_parts++ > 0)
        fputs("; ", e->out);
    va_list args;
    va_start(args, format);
    vfprintf(e->out, format, args);
    va_end(args);
}

static void list_skills(explainer *e, const tap_pupil *p, int extra_skill)
{
    int n = 0;
    if (extra_skill >= 0)
        fprintf(e->out, "%s", e->s->skills[extra_skill].id), n++;
    for (int k = 0; k < p->n_skills; k++)
        if (p->skills[k] != extra_skill)
            fprintf(e->out, "%s%s", n++ ? " and " : "", e->s->skills[p->skills[k]].id);
}

/* Adults who hold the pupil's skills (and skill, when >= 0). */
static int count_qualified(const explainer *e, const tap_pupil *p, int skill)
{
    int n = 0;
    for (int a = 0; a < e->s->n_staff; a++)
        n += tap_staff_can_support(&e->s->staff[a], p) && (skill < 0 || tap_staff_has_skill(&e->s->staff[a], skill));
    return n;
}

/* Names the qualified adults with their used and contracted hours. */
static void list_adults(explainer *e, const tap_pupil *p, int skill)
{
    int n = 0;
    for (int a = 0; a < e->s->n_staff; a++) {
        const tap_staff *adult = &e->s->staff[a];
        if (!tap_staff_can_support(adult, p) || (skill >= 0 && !tap_staff_has_skill(adult, skill)))
            continue;
        const tap_staff_figures *f = &e->figures->staff[a];
        if (n++ == 4) {
            fputs(", ...", e->out);
            break;
        }
        fprintf(e->out, "%s%s %g/%g h", n > 1 ? ", " : "", adult->id, f->contact_hours + f->planning_hours,
                adult->hours);
    }
}

static bool at_adult_limit(const explainer *e, int p)
{
    return e->figures->pupils[p].n_adults >= e->s->policy.max_adults_per_pupil;
}

static void explain_skill(explainer *e, const tap_pupil *pupil)
{
    part(e, "needs ");
    list_skills(e, pupil, -1);
    fputs(": no adult holds all of them", e->out);
}

static void explain_in_class(explainer *e, int p)
{
    const tap_school *s = e->s;
    const tap_pupil *pupil = &s->pupils[p];
    const tap_pupil_figures *f = &e->figures->pupils[p];
    double countable = 0.0;
    bool anyone_available = false;
    for (int d = 0; d < s->n_days; d++)
        for (int t = 0; t < s->n_slots; t++) {
            int l = tap_pupil_lesson_at(s, p, d, t);
            if (l < 0 || !tap_pupil_counts_subject(pupil, s->lessons[l].subject))
                continue;
            countable += s->slot_hours[t];
            for (int a = 0; a < s->n_staff; a++)
                anyone_available |= tap_staff_available(&s->staff[a], d, t) && tap_staff_can_support(&s->staff[a], pupil);
        }
    double short_hours = f->in_class_entitled - f->in_class_delivered;
    if (countable < pupil->in_class_hours - 1e-9)
        part(e, "in class %g h short: their timetable has only %g h of lessons in the subjects that count", short_hours,
             countable);
    else if (!anyone_available)
        part(e, "in class %g h short: no adult who may support them is available during their lessons", short_hours);
    else if (at_adult_limit(e, p))
        part(e, "in class %g h short: already seen by %d adults, the continuity limit, who are busy at the other lessons",
             short_hours, f->n_adults);
    else {
        part(e, "in class %g h short: the adults who may support them are fully used or busy at their lessons (",
             short_hours);
        list_adults(e, pupil, -1);
        fputs(")", e->out);
    }
}

static void explain_sessions(explainer *e, int p, int n)
{
    const tap_school *s = e->s;
    const tap_pupil *pupil = &s->pupils[p];
    const tap_intervention_figures *f = &e->figures->pupils[p].interventions[n];
    const tap_programme *q = &s->programmes[pupil->interventions[n].programme];
    int missing = f->entitled - f->delivered;
    if (count_qualified(e, pupil, q->skill) == 0) {
        part(e, "%d %s session%s short: needs ", missing, q->id, missing == 1 ? "" : "s");
        list_skills(e, pupil, q->skill);
        fputs(", and no adult holds all of them", e->out);
        return;
    }
    /* Sessions the withdrawal rules leave room for: one a day, at a legal
     * slot, no subject more often than the weekly limit. */
    int *used = calloc((size_t)s->n_subjects + 1, sizeof *used);
    int placeable = 0;
    for (int d = 0; d < s->n_days && used; d++)
        for (int t = 0; t < s->n_slots; t++) {
            if (!tap_model_may_withdraw(s, p, q, d, t))
                continue;
            int l = tap_pupil_lesson_at(s, p, d, t);
            if (l >= 0 && used[s->lessons[l].subject] >= s->policy.max_withdrawals_per_subject)
                continue;
            if (l >= 0)
                used[s->lessons[l].subject]++;
            placeable++;
            break;
        }
    free(used);
    if (placeable < f->entitled) {
        part(e, "%d %s session%s short: the withdrawal rules leave room for only %d a week (one a day, at most %d "
                "from one subject",
             missing, q->id, missing == 1 ? "" : "s", placeable, s->policy.max_withdrawals_per_subject);
        if (pupil->n_strengths > 0) {
            fputs(", never from", e->out);
            for (int k = 0; k < pupil->n_strengths; k++)
                fprintf(e->out, "%s %s", k ? "," : "", s->subjects[pupil->strengths[k]].id);
        }
        fputs(")", e->out);
        return;
    }
    part(e, "%d %s session%s short: the adults trained in %s are fully used or busy when they may be withdrawn (",
         missing, q->id, missing == 1 ? "" : "s", s->skills[q->skill].id);
    list_adults(e, pupil, q->skill);
    fputs(")", e->out);
}

static void explain_unstructured(explainer *e, int p)
{
    const tap_pupil_figures *f = &e->figures->pupils[p];
    double short_hours = f->unstructured_needed - f->unstructured_covered;
    part(e, "unstructured cover %g h short: the adults who may cover them are on other duties or unavailable then (",
         short_hours);
    list_adults(e, &e->s->pupils[p], -1);
    fputs(")", e->out);
}

static char *explain_pupil(explainer *e, int p, tap_arena *arena)
{
    char *text = NULL;
    size_t length = 0;
    e->out = open_memstream(&text, &length);
    if (!e->out)
        return NULL;
    e->n_parts = 0;
    const tap_pupil *pupil = &e->s->pupils[p];
    const tap_pupil_figures *f = &e->figures->pupils[p];
    if (count_qualified(e, pupil, -1) == 0) {
        explain_skill(e, pupil);
    } else {
        if (f->in_class_entitled - f->in_class_delivered > 1e-6)
            explain_in_class(e, p);
        for (int n = 0; n < f->n_interventions; n++)
            if (f->interventions[n].delivered < f->interventions[n].entitled)
                explain_sessions(e, p, n);
        if (f->unstructured_needed - f->unstructured_covered > 1e-6)
            explain_unstructured(e, p);
    }
    fclose(e->out);
    char *copy = text ? tap_arena_strdup(arena, text) : NULL;
    free(text);
    return copy;
}

tap_status tap_explain_shortfalls(const tap_school *school, tap_plan *plan)
{
    tap_figures *figures = NULL;
    tap_status status = tap_figures_compute(school, plan, &figures);
    if (status != TAP_OK)
        return status;
    plan->pupil_reasons = tap_arena_calloc(&plan->arena, (size_t)school->n_pupils + 1, sizeof *plan->pupil_reasons);
    plan->n_pupil_reasons = school->n_pupils;
    if (!plan->pupil_reasons) {
        tap_figures_destroy(&figures);
        return TAP_ENOMEM;
    }
    explainer e = {school, plan, figures, NULL, 0};
    for (int p = 0; p < school->n_pupils && status == TAP_OK; p++) {
        if (!figures->pupils[p].listed || figures->pupils[p].shortfall_hours <= 1e-6)
            continue;
        plan->pupil_reasons[p] = explain_pupil(&e, p, &plan->arena);
        if (!plan->pupil_reasons[p])
            status = TAP_ENOMEM;
    }
    tap_figures_destroy(&figures);
    return status;
}
