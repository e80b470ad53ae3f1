/* plan.c - the plan container: growing the assignment list in the plan's
 * arena, a total order for deterministic output, and the names the JSON
 * format uses for statuses and activities. */
#include "plan.h"

#include <stdlib.h>
#include <string.h>

tap_plan *tap_plan_create(void)
{
    tap_plan *plan = calloc(1, sizeof *plan);
    if (plan)
        plan->status = TAP_STATUS_NO_PLAN;
    return plan;
}

void tap_plan_destroy(tap_plan **plan)
{
    if (!plan || !*plan)
        return;
    tap_arena_destroy(&(*plan)->arena);
    free(*plan);
    *plan = NULL;
}

tap_status tap_plan_copy_assignment(tap_plan *plan, const tap_assignment *assignment, tap_assignment *out)
{
    *out = *assignment;
    out->pupils = NULL;
    out->withdrawn = NULL;
    if (assignment->n_pupils > 0) {
        out->pupils = tap_arena_calloc(&plan->arena, (size_t)assignment->n_pupils, sizeof *out->pupils);
        if (!out->pupils)
            return TAP_ENOMEM;
        memcpy(out->pupils, assignment->pupils, (size_t)assignment->n_pupils * sizeof *out->pupils);
    }
    if (assignment->n_withdrawn > 0) {
        out->withdrawn = tap_arena_calloc(&plan->arena, (size_t)assignment->n_withdrawn, sizeof *out->withdrawn);
        if (!out->withdrawn)
            return TAP_ENOMEM;
        memcpy(out->withdrawn, assignment->withdrawn, (size_t)assignment->n_withdrawn * sizeof *out->withdrawn);
    }
    return TAP_OK;
}

tap_status tap_plan_add(tap_plan *plan, const tap_assignment *assignment)
{
    if (assignment->n_pupils < 0 || assignment->n_withdrawn < 0)
        return TAP_EINPUT;
    if (plan->n_assignments == plan->capacity) {
        /* Doubling keeps the abandoned blocks to about the final size. */
        int capacity = plan->capacity ? plan->capacity * 2 : 32;
        tap_assignment *grown = tap_arena_grow(&plan->arena, plan->assignments, (size_t)plan->n_assignments,
                                               (size_t)capacity, sizeof *grown);
        if (!grown)
            return TAP_ENOMEM;
        plan->assignments = grown;
        plan->capacity = capacity;
    }
    tap_assignment copy;
    tap_status status = tap_plan_copy_assignment(plan, assignment, &copy);
    if (status == TAP_OK)
        plan->assignments[plan->n_assignments++] = copy;
    return status;
}

bool tap_assignment_same(const tap_assignment *a, const tap_assignment *b)
{
    if (a->activity != b->activity || a->group != b->group || a->subject != b->subject ||
        a->programme != b->programme || a->n_pupils != b->n_pupils)
        return false;
    for (int k = 0; k < a->n_pupils; k++)
        if (a->pupils[k] != b->pupils[k])
            return false;
    return true;
}

bool tap_assignment_serves(const tap_assignment *a, int p)
{
    for (int k = 0; k < a->n_pupils; k++)
        if (a->pupils[k] == p)
            return true;
    return false;
}

static int compare_int(int a, int b)
{
    return (a > b) - (a < b);
}

static int compare_pupil_index(const void *left, const void *right)
{
    return compare_int(*(const int *)left, *(const int *)right);
}

static int compare_withdrawal(const tap_withdrawal *a, const tap_withdrawal *b)
{
    int order = compare_int(a->pupil, b->pupil);
    if (!order)
        order = compare_int(a->group, b->group);
    if (!order)
        order = compare_int(a->subject, b->subject);
    return order;
}

static int compare_withdrawal_item(const void *left, const void *right)
{
    return compare_withdrawal(left, right);
}

/* A total order: (staff, day, slot) first as SPEC section 5 asks, then every
 * other field, so that even a plan that breaks the one-thing-at-a-time rule
 * renders the same bytes whatever order its assignments were added in. */
static int compare_assignment(const void *left, const void *right)
{
    const tap_assignment *a = left, *b = right;
    int order = compare_int(a->staff, b->staff);
    if (!order)
        order = compare_int(a->day, b->day);
    if (!order)
        order = compare_int(a->slot, b->slot);
    if (!order)
        order = compare_int((int)a->activity, (int)b->activity);
    if (!order)
        order = compare_int(a->group, b->group);
    if (!order)
        order = compare_int(a->subject, b->subject);
    if (!order)
        order = compare_int(a->programme, b->programme);
    for (int i = 0; !order && i < a->n_pupils && i < b->n_pupils; i++)
        order = compare_int(a->pupils[i], b->pupils[i]);
    if (!order)
        order = compare_int(a->n_pupils, b->n_pupils);
    for (int i = 0; !order && i < a->n_withdrawn && i < b->n_withdrawn; i++)
        order = compare_withdrawal(&a->withdrawn[i], &b->withdrawn[i]);
    if (!order)
        order = compare_int(a->n_withdrawn, b->n_withdrawn);
    return order;
}

void tap_plan_sort(tap_plan *plan)
{
    for (int i = 0; i < plan->n_assignments; i++) {
        tap_assignment *a = &plan->assignments[i];
        /* Both comparisons are total, so qsort's instability cannot show. */
        if (a->n_pupils > 1)
            qsort(a->pupils, (size_t)a->n_pupils, sizeof *a->pupils, compare_pupil_index);
        if (a->n_withdrawn > 1)
            qsort(a->withdrawn, (size_t)a->n_withdrawn, sizeof *a->withdrawn, compare_withdrawal_item);
    }
    /* a plan built in order (the greedy's) is only checked */
    bool sorted = true;
    for (int i = 1; i < plan->n_assignments && sorted; i++)
        sorted = compare_assignment(&plan->assignments[i - 1], &plan->assignments[i]) <= 0;
    if (!sorted)
        qsort(plan->assignments, (size_t)plan->n_assignments, sizeof *plan->assignments, compare_assignment);
}

bool tap_plan_found(const tap_plan *plan)
{
    return plan->status == TAP_STATUS_OPTIMAL || plan->status == TAP_STATUS_FEASIBLE;
}

bool tap_plan_entitlements_settled(const tap_plan *plan, const tap_figures *figures)
{
    return plan->statutory_proven && figures->summary.sen_support_shortfall_hours <= 1e-9 &&
           figures->summary.strength_withdrawals == 0;
}

const char *tap_plan_status_name(tap_plan_status status)
{
    switch (status) {
    case TAP_STATUS_OPTIMAL: return "optimal";
    case TAP_STATUS_FEASIBLE: return "feasible";
    case TAP_STATUS_INFEASIBLE: return "infeasible";
    case TAP_STATUS_NO_PLAN: return "no_plan";
    }
    return "no_plan";
}

const char *tap_activity_name(tap_activity activity)
{
    switch (activity) {
    case TAP_ACT_IN_CLASS: return "in_class";
    case TAP_ACT_INTERVENTION: return "intervention";
    case TAP_ACT_UNSTRUCTURED: return "unstructured";
    case TAP_ACT_PLANNING: return "planning";
    }
    return "planning";
}
