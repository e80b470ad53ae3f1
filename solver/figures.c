/* figures.c - what a plan delivers, worked out from its assignments alone
 * (SPEC section 3): per pupil, per adult and for the school. The solver,
 * the JSON writer and the verifier all take their numbers from here, whole:
 * files round them to six decimals as they write them (tap_stored), so a
 * sum is the rounded sum of whole parts. */
#include "plan.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

static double hours_of(const tap_school *s, int slot)
{
    return tap_slot_minutes(&s->slots[slot]) / 60.0;
}

/* Assignments with an index outside the school are the verifier's to
 * report; figures simply leave them out rather than read out of bounds. */
static bool assignment_in_range(const tap_school *s, const tap_assignment *a)
{
    if (a->staff < 0 || a->staff >= s->n_staff || a->day < 0 || a->day >= s->n_days || a->slot < 0 ||
        a->slot >= s->n_slots)
        return false;
    for (int i = 0; i < a->n_pupils; i++)
        if (a->pupils[i] < 0 || a->pupils[i] >= s->n_pupils)
            return false;
    if (a->activity == TAP_ACT_IN_CLASS && (a->subject < 0 || a->subject >= s->n_subjects))
        return false;
    if (a->activity == TAP_ACT_INTERVENTION && (a->programme < 0 || a->programme >= s->n_programmes))
        return false;
    return true;
}

void tap_figures_destroy(tap_figures **figures)
{
    if (!figures || !*figures)
        return;
    tap_arena_destroy(&(*figures)->arena);
    free(*figures);
    *figures = NULL;
}

/* Per pupil: which (day, slot) times hold unstructured cover, which days
 * hold a session of each needed programme, and which adults were seen. */
typedef struct {
    bool *covered;      /* [n_pupils][n_days][n_slots] */
    uint8_t *need_days; /* [n_pupils][max needs]: day masks */
    bool *adult_seen;   /* [n_pupils][n_staff] */
    int max_needs;
} scratch;

static void scratch_free(scratch *w)
{
    free(w->covered), free(w->need_days), free(w->adult_seen);
}

static tap_status scratch_init(scratch *w, const tap_school *s)
{
    memset(w, 0, sizeof *w);
    for (int p = 0; p < s->n_pupils; p++)
        if (s->pupils[p].n_interventions > w->max_needs)
            w->max_needs = s->pupils[p].n_interventions;
    size_t n_pupils = (size_t)s->n_pupils + 1;
    w->covered = calloc(n_pupils * (size_t)s->n_days * (size_t)s->n_slots + 1, sizeof *w->covered);
    w->need_days = calloc(n_pupils * ((size_t)w->max_needs + 1), sizeof *w->need_days);
    w->adult_seen = calloc(n_pupils * ((size_t)s->n_staff + 1), sizeof *w->adult_seen);
    if (!w->covered || !w->need_days || !w->adult_seen) {
        scratch_free(w);
        return TAP_ENOMEM;
    }
    return TAP_OK;
}

/* Gathers what each assignment gives its pupils and costs its adult. */
static void tally(const tap_school *s, const tap_plan *plan, tap_figures *f, scratch *w, double *reaching)
{
    for (int i = 0; i < plan->n_assignments; i++) {
        const tap_assignment *a = &plan->assignments[i];
        if (!assignment_in_range(s, a))
            continue;
        double hours = hours_of(s, a->slot);
        tap_staff_figures *adult = &f->staff[a->staff];
        adult->employed = true; /* any assignment hires an optional adult */
        if (a->activity == TAP_ACT_PLANNING) {
            adult->planning_slots++;
            adult->planning_hours += hours;
        } else {
            adult->contact_hours += hours;
        }
        if (a->n_pupils > 0)
            *reaching += hours;
        int lesson_subject = -1;
        for (int k = 0; k < a->n_pupils; k++) {
            int p = a->pupils[k];
            const tap_pupil *pupil = &s->pupils[p];
            tap_pupil_figures *pf = &f->pupils[p];
            w->adult_seen[(size_t)p * ((size_t)s->n_staff + 1) + (size_t)a->staff] = true;
            switch (a->activity) {
            case TAP_ACT_IN_CLASS:
                if (tap_pupil_counts_subject(pupil, a->subject))
                    pf->in_class_delivered += hours;
                if (tap_pupil_has_strength(pupil, a->subject))
                    pf->strength_support_hours += hours;
                break;
            case TAP_ACT_INTERVENTION: {
                int n = tap_pupil_need_of(pupil, a->programme);
                if (n >= 0)
                    w->need_days[(size_t)p * ((size_t)w->max_needs + 1) + (size_t)n] |= (uint8_t)(1u << a->day);
                /* The pupil's real lesson then, not what the plan claims:
                 * the verifier checks the claim separately. */
                lesson_subject = -1;
                if (s->pupil_lesson) {
                    int l = tap_pupil_lesson_at(s, p, a->day, a->slot);
                    if (l >= 0)
                        lesson_subject = s->lessons[l].subject;
                }
                if (lesson_subject >= 0 && tap_pupil_has_strength(pupil, lesson_subject))
                    pf->strength_withdrawals++;
                break;
            }
            case TAP_ACT_UNSTRUCTURED:
                w->covered[((size_t)p * (size_t)s->n_days + (size_t)a->day) * (size_t)s->n_slots + (size_t)a->slot] =
                    true;
                break;
            case TAP_ACT_PLANNING:
                break;
            }
        }
    }
}

static int popcount8(uint8_t bits)
{
    int n = 0;
    for (; bits; bits &= (uint8_t)(bits - 1))
        n++;
    return n;
}

/* Caps the gains at the entitlements, derives shortfall and the adults. */
static tap_status finish_pupil(const tap_school *s, tap_figures *f, const scratch *w, int p)
{
    const tap_pupil *pupil = &s->pupils[p];
    tap_pupil_figures *pf = &f->pupils[p];
    pf->listed = pupil->plan != TAP_PLAN_NONE;

    pf->in_class_entitled = pupil->in_class_hours;
    if (pf->in_class_delivered > pf->in_class_entitled)
        pf->in_class_delivered = pf->in_class_entitled;

    pf->n_interventions = pupil->n_interventions;
    pf->interventions = tap_arena_calloc(&f->arena, (size_t)pupil->n_interventions + 1, sizeof *pf->interventions);
    if (!pf->interventions)
        return TAP_ENOMEM;
    double sessions_short = 0.0;
    for (int n = 0; n < pupil->n_interventions; n++) {
        int entitled = pupil->interventions[n].sessions;
        int delivered = popcount8(w->need_days[(size_t)p * ((size_t)w->max_needs + 1) + (size_t)n]);
        if (delivered > entitled)
            delivered = entitled;
        pf->interventions[n] = (tap_intervention_figures){entitled, delivered};
        sessions_short += entitled - delivered;
    }

    for (int d = 0; d < s->n_days; d++) {
        if (!(pupil->unstructured_days >> d & 1u))
            continue;
        for (int t = 0; t < s->n_slots; t++) {
            if (!(pupil->unstructured_slots >> t & 1u))
                continue;
            pf->unstructured_needed += hours_of(s, t);
            if (w->covered[((size_t)p * (size_t)s->n_days + (size_t)d) * (size_t)s->n_slots + (size_t)t])
                pf->unstructured_covered += hours_of(s, t);
        }
    }

    pf->shortfall_hours = (pf->in_class_entitled - pf->in_class_delivered) + sessions_short * s->mean_lesson_hours +
                          (pf->unstructured_needed - pf->unstructured_covered);

    const bool *seen = &w->adult_seen[(size_t)p * ((size_t)s->n_staff + 1)];
    for (int a = 0; a < s->n_staff; a++)
        pf->n_adults += seen[a];
    pf->adults = tap_arena_calloc(&f->arena, (size_t)pf->n_adults + 1, sizeof *pf->adults);
    if (!pf->adults)
        return TAP_ENOMEM;
    int n = 0;
    for (int a = 0; a < s->n_staff; a++)
        if (seen[a])
            pf->adults[n++] = a;
    return TAP_OK;
}

tap_status tap_figures_compute(const tap_school *school, const tap_plan *plan, tap_figures **out)
{
    *out = NULL;
    tap_figures *f = calloc(1, sizeof *f);
    if (!f)
        return TAP_ENOMEM;
    f->pupils = tap_arena_calloc(&f->arena, (size_t)school->n_pupils + 1, sizeof *f->pupils);
    f->staff = tap_arena_calloc(&f->arena, (size_t)school->n_staff + 1, sizeof *f->staff);
    scratch w;
    if (!f->pupils || !f->staff || scratch_init(&w, school) != TAP_OK) {
        tap_figures_destroy(&f);
        return TAP_ENOMEM;
    }

    double reaching = 0.0;
    tally(school, plan, f, &w, &reaching);

    tap_status status = TAP_OK;
    tap_summary *sum = &f->summary;
    for (int p = 0; p < school->n_pupils && status == TAP_OK; p++) {
        status = finish_pupil(school, f, &w, p);
        const tap_pupil_figures *pf = &f->pupils[p];
        if (school->pupils[p].plan == TAP_PLAN_EHCP)
            sum->statutory_shortfall_hours += pf->shortfall_hours;
        else if (school->pupils[p].plan == TAP_PLAN_SEN_SUPPORT)
            sum->sen_support_shortfall_hours += pf->shortfall_hours;
        sum->strength_withdrawals += pf->strength_withdrawals;
    }
    scratch_free(&w);
    if (status != TAP_OK) {
        tap_figures_destroy(&f);
        return status;
    }

    double contact = 0.0, planning = 0.0;
    for (int a = 0; a < school->n_staff; a++) {
        const tap_staff *adult = &school->staff[a];
        tap_staff_figures *sf = &f->staff[a];
        if (!adult->optional)
            sf->employed = true;
        sf->contract_hours = sf->employed ? adult->hours : 0.0;
        sf->weekly_cost = sf->employed ? adult->hours * adult->cost_per_hour : 0.0;
        contact += sf->contact_hours;
        planning += sf->planning_hours;
        sum->weekly_cost += sf->weekly_cost;
        sum->funded_hours += sf->contract_hours;
    }
    sum->annual_cost = sum->weekly_cost * school->budget.weeks_per_year;
    sum->hours_reaching_pupils = reaching;
    sum->unallocated_hours = sum->funded_hours - contact - planning;
    *out = f;
    return TAP_OK;
}
