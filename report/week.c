/* week.c - the indexes of week.h, each a bucket sort of the assignments. */
#include "week.h"

#include <stdlib.h>
#include <string.h>

static size_t cell_of(const tap_school *s, int first, int day, int slot)
{
    return ((size_t)first * (size_t)s->n_days + (size_t)day) * (size_t)s->n_slots + (size_t)slot;
}

static bool in_range(int index, int count)
{
    return index >= 0 && index < count;
}

bool tap_week_fits(const tap_school *s, const tap_assignment *a)
{
    if (!in_range(a->staff, s->n_staff) || !in_range(a->day, s->n_days) || !in_range(a->slot, s->n_slots))
        return false;
    for (int k = 0; k < a->n_pupils; k++)
        if (!in_range(a->pupils[k], s->n_pupils))
            return false;
    if (a->activity == TAP_ACT_IN_CLASS && (!in_range(a->group, s->n_groups) || !in_range(a->subject, s->n_subjects)))
        return false;
    if (a->activity == TAP_ACT_INTERVENTION && !in_range(a->programme, s->n_programmes))
        return false;
    for (int k = 0; k < a->n_withdrawn; k++) {
        const tap_withdrawal *x = &a->withdrawn[k];
        if (!in_range(x->pupil, s->n_pupils) || !in_range(x->group, s->n_groups) ||
            !in_range(x->subject, s->n_subjects))
            return false;
    }
    return true;
}

void tap_week_destroy(tap_week **week)
{
    if (!week || !*week)
        return;
    tap_week *w = *week;
    free(w->adult_start), free(w->adult_items), free(w->lesson_at);
    free(w->group_start), free(w->group_items), free(w->pupil_start), free(w->pupil_items), free(w->pupil_count);
    free(w);
    *week = NULL;
}

/* Turns counts (start[k + 1] = items of bucket k) into offsets. */
static void prefix_sum(int *start, size_t n_buckets)
{
    for (size_t k = 0; k < n_buckets; k++)
        start[k + 1] += start[k];
}

/* Withdrawals count towards the lesson the plan names, at the session's
 * time; an in-class assignment towards its own lesson. */
static void each_group_entry(const tap_school *s, const tap_assignment *a, int index, int *start, tap_week_item *items,
                             int *fill)
{
    if (a->activity == TAP_ACT_IN_CLASS) {
        size_t c = cell_of(s, a->group, a->day, a->slot);
        if (items)
            items[start[c] + fill[c]++] = (tap_week_item){index, -1};
        else
            start[c + 1]++;
    }
    if (a->activity != TAP_ACT_INTERVENTION)
        return;
    for (int k = 0; k < a->n_withdrawn; k++) {
        const tap_withdrawal *x = &a->withdrawn[k];
        size_t c = cell_of(s, x->group, a->day, a->slot);
        if (items)
            items[start[c] + fill[c]++] = (tap_week_item){index, x->pupil};
        else
            start[c + 1]++;
    }
}

tap_status tap_week_build(const tap_school *s, const tap_plan *plan, tap_week **out)
{
    *out = NULL;
    tap_week *w = calloc(1, sizeof *w);
    if (!w)
        return TAP_ENOMEM;
    w->school = s;
    w->plan = plan;
    size_t n_adult_cells = cell_of(s, s->n_staff, 0, 0);
    size_t n_group_cells = cell_of(s, s->n_groups, 0, 0);
    size_t n_assignments = (size_t)plan->n_assignments;
    w->adult_start = calloc(n_adult_cells + 1, sizeof *w->adult_start);
    w->adult_items = calloc(n_assignments + 1, sizeof *w->adult_items);
    w->lesson_at = malloc((n_group_cells + 1) * sizeof *w->lesson_at);
    w->group_start = calloc(n_group_cells + 1, sizeof *w->group_start);
    w->pupil_start = calloc((size_t)s->n_pupils + 1, sizeof *w->pupil_start);
    size_t n_fill = n_adult_cells > n_group_cells ? n_adult_cells : n_group_cells;
    if (n_fill < (size_t)s->n_pupils)
        n_fill = (size_t)s->n_pupils;
    int *fill = calloc(n_fill + 1, sizeof *fill);
    if (!w->adult_start || !w->adult_items || !w->lesson_at || !w->group_start || !w->pupil_start || !fill)
        goto nomem;

    for (size_t c = 0; c < n_group_cells; c++)
        w->lesson_at[c] = -1;
    for (int l = 0; l < s->n_lessons; l++) {
        const tap_lesson *lesson = &s->lessons[l];
        if (in_range(lesson->group, s->n_groups) && in_range(lesson->day, s->n_days) &&
            in_range(lesson->slot, s->n_slots))
            w->lesson_at[cell_of(s, lesson->group, lesson->day, lesson->slot)] = l;
    }

    /* Counting pass. */
    size_t n_pupil_entries = 0;
    for (int i = 0; i < plan->n_assignments; i++) {
        const tap_assignment *a = &plan->assignments[i];
        if (!tap_week_fits(s, a))
            continue;
        w->adult_start[cell_of(s, a->staff, a->day, a->slot) + 1]++;
        each_group_entry(s, a, i, w->group_start, NULL, NULL);
        for (int k = 0; k < a->n_pupils; k++)
            w->pupil_start[a->pupils[k] + 1]++;
        n_pupil_entries += (size_t)a->n_pupils;
    }
    prefix_sum(w->adult_start, n_adult_cells);
    prefix_sum(w->group_start, n_group_cells);
    prefix_sum(w->pupil_start, (size_t)s->n_pupils);
    w->group_items = calloc((size_t)w->group_start[n_group_cells] + 1, sizeof *w->group_items);
    w->pupil_items = calloc(n_pupil_entries + 1, sizeof *w->pupil_items);
    w->pupil_count = calloc((size_t)s->n_pupils + 1, sizeof *w->pupil_count);
    if (!w->group_items || !w->pupil_items || !w->pupil_count)
        goto nomem;

    /* Filling pass, one table at a time so that one fill array serves. */
    for (int i = 0; i < plan->n_assignments; i++) {
        const tap_assignment *a = &plan->assignments[i];
        if (tap_week_fits(s, a)) {
            size_t c = cell_of(s, a->staff, a->day, a->slot);
            w->adult_items[w->adult_start[c] + fill[c]++] = i;
        }
    }
    memset(fill, 0, n_fill * sizeof *fill);
    for (int i = 0; i < plan->n_assignments; i++)
        if (tap_week_fits(s, &plan->assignments[i]))
            each_group_entry(s, &plan->assignments[i], i, w->group_start, w->group_items, fill);
    memset(fill, 0, (size_t)s->n_pupils * sizeof *fill);
    for (int i = 0; i < plan->n_assignments; i++) {
        const tap_assignment *a = &plan->assignments[i];
        if (!tap_week_fits(s, a))
            continue;
        for (int k = 0; k < a->n_pupils; k++) {
            int p = a->pupils[k];
            /* A pupil listed twice in one assignment is the verifier's to
             * report; here the assignment is listed once. */
            if (fill[p] > 0 && w->pupil_items[w->pupil_start[p] + fill[p] - 1] == i)
                continue;
            w->pupil_items[w->pupil_start[p] + fill[p]++] = i;
        }
    }
    memcpy(w->pupil_count, fill, (size_t)s->n_pupils * sizeof *fill);
    free(fill);
    *out = w;
    return TAP_OK;
nomem:
    free(fill);
    tap_week_destroy(&w);
    return TAP_ENOMEM;
}

const int *tap_week_adult_at(const tap_week *w, int staff, int day, int slot, int *n)
{
    size_t c = cell_of(w->school, staff, day, slot);
    *n = w->adult_start[c + 1] - w->adult_start[c];
    return w->adult_items + w->adult_start[c];
}

int tap_week_lesson_at(const tap_week *w, int group, int day, int slot)
{
    return w->lesson_at[cell_of(w->school, group, day, slot)];
}

const tap_week_item *tap_week_group_at(const tap_week *w, int group, int day, int slot, int *n)
{
    size_t c = cell_of(w->school, group, day, slot);
    *n = w->group_start[c + 1] - w->group_start[c];
    return w->group_items + w->group_start[c];
}

const int *tap_week_pupil(const tap_week *w, int pupil, int *n)
{
    *n = w->pupil_count[pupil];
    return w->pupil_items + w->pupil_start[pupil];
}

bool tap_week_works(const tap_week *w, int staff, int day)
{
    size_t first = cell_of(w->school, staff, day, 0);
    return w->adult_start[first + (size_t)w->school->n_slots] > w->adult_start[first];
}

int tap_week_break_slot(const tap_week *w, int staff, int day)
{
    const tap_school *s = w->school;
    if (!tap_week_works(w, staff, day))
        return -1;
    int best = -1;
    for (int t = 0; t < s->n_slots; t++) {
        int n = 0;
        tap_week_adult_at(w, staff, day, t, &n);
        const tap_slot *slot = &s->slots[t];
        if (n > 0 || !tap_staff_available(&s->staff[staff], day, t) ||
            tap_slot_minutes(slot) < s->policy.break_minutes || slot->end_minute <= slot->start_minute)
            continue;
        if (best < 0 || (slot->kind == TAP_SLOT_UNSTRUCTURED && s->slots[best].kind != TAP_SLOT_UNSTRUCTURED))
            best = t;
    }
    return best;
}

static bool same_pupils(const tap_assignment *a, const tap_assignment *b)
{
    if (a->n_pupils != b->n_pupils)
        return false;
    for (int k = 0; k < a->n_pupils; k++)
        if (a->pupils[k] != b->pupils[k])
            return false;
    return true;
}

static bool same_assignment(const tap_assignment *a, const tap_assignment *b)
{
    return a->activity == b->activity && a->group == b->group && a->subject == b->subject &&
           a->programme == b->programme && same_pupils(a, b);
}

bool tap_week_same_cell(const tap_week *a, const tap_week *b, int staff, int day, int slot)
{
    int n_a = 0, n_b = 0;
    const int *in_a = tap_week_adult_at(a, staff, day, slot, &n_a);
    const int *in_b = tap_week_adult_at(b, staff, day, slot, &n_b);
    if (n_a != n_b)
        return false;
    for (int k = 0; k < n_a; k++)
        if (!same_assignment(&a->plan->assignments[in_a[k]], &b->plan->assignments[in_b[k]]))
            return false;
    return true;
}
