/* landing.c - the sums of landing.h. */
#include "landing.h"

#include <string.h>

static double slot_hours(const tap_school *s, int slot)
{
    return tap_slot_minutes(&s->slots[slot]) / 60.0;
}

static void finish(tap_landing *l)
{
    l->unallocated = l->funded - l->contact - l->planning;
    if (l->unallocated > -1e-9 && l->unallocated < 1e-9)
        l->unallocated = 0.0;
}

void tap_landing_compute(const tap_school *s, const tap_plan *plan, const tap_figures *f, bool times_known,
                         tap_landing *total, tap_landing *per_staff)
{
    memset(total, 0, sizeof *total);
    if (per_staff)
        memset(per_staff, 0, (size_t)s->n_staff * sizeof *per_staff);
    for (int a = 0; a < s->n_staff; a++) {
        double contract = f->staff[a].employed ? f->staff[a].contract_hours : 0.0;
        total->funded += contract;
        if (per_staff)
            per_staff[a].funded = contract;
    }
    if (!times_known) {
        /* Only what the plan file reports: contact per adult, the summary's
         * hours reaching pupils and unallocated hours. */
        for (int a = 0; a < s->n_staff; a++) {
            total->contact += f->staff[a].contact_hours;
            if (per_staff) {
                per_staff[a].contact = f->staff[a].contact_hours;
                per_staff[a].unallocated = 0.0;
            }
        }
        total->unallocated = f->summary.unallocated_hours;
        total->planning = total->funded - total->contact - total->unallocated;
        total->no_pupil = total->contact - f->summary.hours_reaching_pupils;
        return;
    }
    for (int i = 0; i < plan->n_assignments; i++) {
        const tap_assignment *x = &plan->assignments[i];
        if (x->staff < 0 || x->staff >= s->n_staff || x->slot < 0 || x->slot >= s->n_slots)
            continue;
        double hours = slot_hours(s, x->slot);
        tap_landing *mine = per_staff ? &per_staff[x->staff] : NULL;
        tap_landing *both[2] = {total, mine};
        for (int k = 0; k < 2; k++) {
            tap_landing *l = both[k];
            if (!l)
                continue;
            if (x->activity == TAP_ACT_PLANNING) {
                l->planning += hours;
                continue;
            }
            l->contact += hours;
            if (x->n_pupils == 0)
                l->no_pupil += hours;
            for (int j = 0; j < x->n_pupils; j++) {
                int p = x->pupils[j];
                tap_plan_kind kind = p >= 0 && p < s->n_pupils ? s->pupils[p].plan : TAP_PLAN_NONE;
                double share = hours / x->n_pupils;
                if (kind == TAP_PLAN_EHCP)
                    l->ehcp += share;
                else if (kind == TAP_PLAN_SEN_SUPPORT)
                    l->sen_support += share;
                else
                    l->other_pupils += share;
            }
        }
    }
    total->split_known = true;
    finish(total);
    for (int a = 0; per_staff && a < s->n_staff; a++) {
        per_staff[a].split_known = true;
        finish(&per_staff[a]);
    }
}
