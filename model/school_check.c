/* school_check.c - consistency of a school that has been read (or built or
 * changed in code, as scenarios do): ids, slot times, ranges, lessons, a
 * pupil in one lesson at a time, contracts that hold their planning time.
 * All errors are reported at once; then the derived tables are filled. */
#include <math.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>

#include "school.h"

/* Positions for problems of the whole school; printed as "FILE: error:". */
static tap_pos whole_file(const tap_school *s)
{
    return (tap_pos){s->file, 0, 0};
}

static tap_pos budget_pos(const tap_school *s)
{
    return s->budget.pos.line ? s->budget.pos : whole_file(s);
}

/* ---- duplicate ids, in O(n log n): a school may hold thousands ---- */

typedef struct {
    const char *id;
    int index;
} id_entry;

static int compare_ids(const void *a, const void *b)
{
    const id_entry *x = a, *y = b;
    int c = strcmp(x->id, y->id);
    return c ? c : (x->index > y->index) - (x->index < y->index);
}

static tap_status check_unique(tap_diags *diags, const char *kind, const void *items, int count, size_t size,
                               size_t id_offset, size_t pos_offset)
{
    if (count < 2)
        return TAP_OK;
    id_entry *entries = malloc((size_t)count * sizeof *entries);
    bool *repeated = calloc((size_t)count, sizeof *repeated);
    if (!entries || !repeated) {
        free(entries);
        free(repeated);
        return TAP_ENOMEM;
    }
    const char *base = items;
    for (int i = 0; i < count; i++) {
        memcpy(&entries[i].id, base + (size_t)i * size + id_offset, sizeof entries[i].id);
        entries[i].index = i;
    }
    qsort(entries, (size_t)count, sizeof *entries, compare_ids);
    for (int i = 1; i < count; i++)
        if (!strcmp(entries[i].id, entries[i - 1].id))
            repeated[entries[i].index] = true;
    for (int i = 0; i < count; i++)
        if (repeated[i]) {
            tap_pos pos;
            const char *id;
            memcpy(&pos, base + (size_t)i * size + pos_offset, sizeof pos);
            memcpy(&id, base + (size_t)i * size + id_offset, sizeof id);
            tap_diags_add(diags, pos, "duplicate %s id '%s'", kind, id);
        }
    free(entries);
    free(repeated);
    return TAP_OK;
}

#define UNIQUE(kind, array, count, type)                                                                               \
    check_unique(diags, kind, array, count, sizeof(type), offsetof(type, id), offsetof(type, pos))

/* ---- references: the reader resolves every id, but a school changed in
 * code (a scenario adding staff) must not crash the checks below ---- */

static bool in_range(int index, int count)
{
    return index >= 0 && index < count;
}

static bool all_in_range(const int *items, int n, int count)
{
    if (n < 0 || (n > 0 && !items))
        return false;
    for (int i = 0; i < n; i++)
        if (!in_range(items[i], count))
            return false;
    return true;
}

static void bad_reference(tap_diags *diags, tap_pos pos, const char *owner, const char *id, const char *kind)
{
    tap_diags_add(diags, pos, "%s '%s': refers to a %s that does not exist", owner, id, kind);
}

/* True when every index is valid; later checks index arrays freely. */
static bool check_references(const tap_school *s, tap_diags *diags)
{
    int n_before = diags->n_items + diags->n_dropped;
    for (int i = 0; i < s->n_lessons; i++) {
        const tap_lesson *l = &s->lessons[i];
        if (!in_range(l->group, s->n_groups) || !in_range(l->day, s->n_days) || !in_range(l->slot, s->n_slots) ||
            !in_range(l->subject, s->n_subjects))
            tap_diags_add(diags, l->pos, "lesson: refers to a group, day, slot or subject that does not exist");
    }
    for (int g = 0; g < s->n_groups; g++)
        if (!all_in_range(s->groups[g].pupils, s->groups[g].n_pupils, s->n_pupils))
            bad_reference(diags, s->groups[g].pos, "group", s->groups[g].id, "pupil");
    for (int p = 0; p < s->n_pupils; p++) {
        const tap_pupil *pupil = &s->pupils[p];
        if (!all_in_range(pupil->groups, pupil->n_groups, s->n_groups))
            bad_reference(diags, pupil->pos, "pupil", pupil->id, "group");
        if (!all_in_range(pupil->strengths, pupil->n_strengths, s->n_subjects) ||
            !all_in_range(pupil->support_subjects, pupil->n_support_subjects, s->n_subjects))
            bad_reference(diags, pupil->pos, "pupil", pupil->id, "subject");
        if (!all_in_range(pupil->skills, pupil->n_skills, s->n_skills))
            bad_reference(diags, pupil->pos, "pupil", pupil->id, "skill");
        bool programmes_ok = pupil->n_interventions >= 0 && (pupil->n_interventions == 0 || pupil->interventions);
        for (int i = 0; programmes_ok && i < pupil->n_interventions; i++)
            programmes_ok = in_range(pupil->interventions[i].programme, s->n_programmes);
        if (!programmes_ok)
            bad_reference(diags, pupil->pos, "pupil", pupil->id, "programme");
    }
    for (int q = 0; q < s->n_programmes; q++) {
        const tap_programme *programme = &s->programmes[q];
        if (!in_range(programme->skill, s->n_skills))
            bad_reference(diags, programme->pos, "programme", programme->id, "skill");
        if (!all_in_range(programme->subjects_from, programme->n_subjects_from, s->n_subjects))
            bad_reference(diags, programme->pos, "programme", programme->id, "subject");
    }
    for (int a = 0; a < s->n_staff; a++)
        if (!all_in_range(s->staff[a].skills, s->staff[a].n_skills, s->n_skills))
            bad_reference(diags, s->staff[a].pos, "staff", s->staff[a].id, "skill");
    return diags->n_items + diags->n_dropped == n_before;
}

/* ---- the week ---- */

/* False when the week cannot carry the derived tables at all. */
static bool check_week(const tap_school *s, tap_diags *diags)
{
    bool ok = true;
    if (s->n_days < 1 || s->n_days > TAP_MAX_DAYS) {
        tap_diags_add(diags, whole_file(s), "week: between 1 and %d days are needed, found %d", TAP_MAX_DAYS, s->n_days);
        ok = false;
    }
    if (s->n_slots < 1 || s->n_slots > TAP_MAX_SLOTS) {
        tap_diags_add(diags, whole_file(s), "week: between 1 and %d slots a day are needed, found %d", TAP_MAX_SLOTS,
                      s->n_slots);
        ok = false;
    }
    for (int t = 0; ok && t < s->n_slots; t++) {
        const tap_slot *slot = &s->slots[t];
        if (slot->start_minute < 0 || slot->end_minute > 24 * 60)
            tap_diags_add(diags, slot->pos, "slot '%s': times must lie between 00:00 and 24:00", slot->id);
        else if (slot->end_minute <= slot->start_minute)
            tap_diags_add(diags, slot->pos, "slot '%s': must end after it starts", slot->id);
        else if (t > 0 && slot->start_minute < s->slots[t - 1].end_minute)
            tap_diags_add(diags, slot->pos, "slot '%s': starts before slot '%s' ends (slots are listed in time order)",
                          slot->id, s->slots[t - 1].id);
    }
    return ok;
}

/* ---- values the reader bounds, checked again for schools built in code ---- */

static bool finite_in(double value, double minimum, double maximum)
{
    return isfinite(value) && value >= minimum && value <= maximum;
}

static void check_values(const tap_school *s, tap_diags *diags)
{
    for (int p = 0; p < s->n_pupils; p++) {
        const tap_pupil *pupil = &s->pupils[p];
        if (!finite_in(pupil->in_class_hours, 0, 168))
            tap_diags_add(diags, pupil->pos, "pupil '%s': in_class_hours must lie between 0 and 168", pupil->id);
        if (pupil->ratio < 1 || pupil->unstructured_ratio < 1)
            tap_diags_add(diags, pupil->pos, "pupil '%s': a ratio must be at least 1", pupil->id);
        for (int i = 0; i < pupil->n_interventions; i++)
            if (pupil->interventions[i].sessions < 0)
                tap_diags_add(diags, pupil->interventions[i].pos, "pupil '%s': sessions must be at least 0",
                              pupil->id);
    }
    for (int q = 0; q < s->n_programmes; q++)
        if (s->programmes[q].max_group < 1)
            tap_diags_add(diags, s->programmes[q].pos, "programme '%s': max_group must be at least 1",
                          s->programmes[q].id);
    for (int a = 0; a < s->n_staff; a++) {
        const tap_staff *adult = &s->staff[a];
        if (!finite_in(adult->hours, 0, 168))
            tap_diags_add(diags, adult->pos, "staff '%s': hours must lie between 0 and 168", adult->id);
        if (!finite_in(adult->cost_per_hour, 0, 1e9))
            tap_diags_add(diags, adult->pos, "staff '%s': cost_per_hour must lie between 0 and 1e9", adult->id);
    }
    if (s->budget.has_weekly && !finite_in(s->budget.weekly, 0, 1e9))
        tap_diags_add(diags, budget_pos(s), "budget: weekly must lie between 0 and 1e9");
    if (!finite_in(s->budget.weeks_per_year, 0, 53))
        tap_diags_add(diags, budget_pos(s), "budget: weeks_per_year must lie between 0 and 53");
    const tap_policy *policy = &s->policy;
    if (policy->max_withdrawals_per_subject < 0 || policy->max_adults_per_pupil < 1 || policy->break_minutes < 0 ||
        policy->planning_slots < 0 || !finite_in(policy->time_limit_s, 1e-9, 86400))
        tap_diags_add(diags, whole_file(s), "policy: a value is out of range (see docs/input-reference.md)");
    const tap_weights *w = &policy->weights;
    const double weights[] = {w->statutory, w->sen_support,  w->sen_fairness, w->strength_withdrawal,
                              w->strength_support, w->continuity, w->hire_cost, w->change};
    for (size_t k = 0; k < sizeof weights / sizeof *weights; k++)
        if (!finite_in(weights[k], 0, 1e9)) {
            tap_diags_add(diags, whole_file(s), "policy.weights: every weight must lie between 0 and 1e9");
            break;
        }
}

/* ---- lessons and pupils ---- */

static size_t cell_of(const tap_school *s, int owner, int day, int slot)
{
    return ((size_t)owner * (size_t)s->n_days + (size_t)day) * (size_t)s->n_slots + (size_t)slot;
}

/* Fills group_lesson, rejecting conflicting lessons and lessons at
 * unstructured slots; a lesson given twice alike is kept once. */
static void index_lessons(tap_school *s, tap_diags *diags)
{
    int kept = 0;
    for (int i = 0; i < s->n_lessons; i++) {
        tap_lesson l = s->lessons[i];
        const char *group = s->groups[l.group].id;
        if (s->slots[l.slot].kind != TAP_SLOT_LESSON) {
            tap_diags_add(diags, l.pos, "lesson of group '%s': slot '%s' is not a lesson slot", group,
                          s->slots[l.slot].id);
            continue;
        }
        size_t cell = cell_of(s, l.group, l.day, l.slot);
        int other = s->group_lesson[cell];
        if (other >= 0) {
            if (s->lessons[other].subject != l.subject)
                tap_diags_add(diags, l.pos, "group '%s' has two different lessons at %s %s: '%s' and '%s'", group,
                              s->days[l.day].id, s->slots[l.slot].id, s->subjects[s->lessons[other].subject].id,
                              s->subjects[l.subject].id);
            continue;
        }
        s->lessons[kept] = l;
        s->group_lesson[cell] = kept++;
    }
    s->n_lessons = kept;
}

static int compare_ints(const void *a, const void *b)
{
    int x = *(const int *)a, y = *(const int *)b;
    return (x > y) - (x < y);
}

#define MAX_CLASHES_REPORTED 8 /* per pupil: one line per pair of clashing groups */

/* Fills pupil_lesson; a pupil whose groups are timetabled at the same time
 * is reported once per pair of groups, at the first such slot. */
static void index_pupil(tap_school *s, int p, tap_diags *diags)
{
    tap_pupil *pupil = &s->pupils[p];
    int clashes[MAX_CLASHES_REPORTED][2];
    int n_clashes = 0;
    for (int d = 0; d < s->n_days; d++)
        for (int t = 0; t < s->n_slots; t++)
            for (int k = 0; k < pupil->n_groups; k++) {
                int g = pupil->groups[k];
                int l = tap_group_lesson_at(s, g, d, t);
                if (l < 0)
                    continue;
                size_t cell = cell_of(s, p, d, t);
                int other = s->pupil_lesson[cell];
                if (other < 0) {
                    s->pupil_lesson[cell] = l;
                    continue;
                }
                int first = s->lessons[other].group;
                bool seen = false;
                for (int c = 0; c < n_clashes && !seen; c++)
                    seen = clashes[c][0] == first && clashes[c][1] == g;
                if (seen || n_clashes == MAX_CLASHES_REPORTED)
                    continue;
                clashes[n_clashes][0] = first;
                clashes[n_clashes][1] = g;
                n_clashes++;
                tap_diags_add(diags, pupil->pos, "pupil '%s' is in two lessons at %s %s (groups '%s' and '%s')",
                              pupil->id, s->days[d].id, s->slots[t].id, s->groups[first].id, s->groups[g].id);
            }
}

static tap_status check_pupils(tap_school *s, tap_diags *diags)
{
    int *last_asked_by = malloc(((size_t)s->n_programmes + 1) * sizeof *last_asked_by);
    if (!last_asked_by)
        return TAP_ENOMEM;
    for (int q = 0; q < s->n_programmes; q++)
        last_asked_by[q] = -1;
    for (int g = 0; g < s->n_groups; g++)
        if (s->groups[g].n_pupils > 1)
            qsort(s->groups[g].pupils, (size_t)s->groups[g].n_pupils, sizeof(int), compare_ints);
    for (int p = 0; p < s->n_pupils; p++) {
        tap_pupil *pupil = &s->pupils[p];
        if (pupil->n_groups > 1)
            qsort(pupil->groups, (size_t)pupil->n_groups, sizeof(int), compare_ints);
        index_pupil(s, p, diags);
        for (int t = 0; t < s->n_slots; t++)
            if ((pupil->unstructured_slots >> t & 1u) && s->slots[t].kind != TAP_SLOT_UNSTRUCTURED)
                tap_diags_add(diags, pupil->pos, "pupil '%s': slot '%s' is a lesson slot; unstructured support "
                                                 "needs an unstructured slot", pupil->id, s->slots[t].id);
        pupil->unstructured_days &= (uint8_t)((1u << s->n_days) - 1);
        for (int i = 0; i < pupil->n_interventions; i++) {
            int q = pupil->interventions[i].programme;
            if (last_asked_by[q] == p)
                tap_diags_add(diags, pupil->interventions[i].pos, "pupil '%s': programme '%s' is asked for twice",
                              pupil->id, s->programmes[q].id);
            last_asked_by[q] = p;
        }
    }
    free(last_asked_by);
    return TAP_OK;
}

/* ---- staff and budget: problems no plan could get round ---- */

static void check_staff(tap_school *s, tap_diags *diags)
{
    int shortest = 0, longest = 0; /* over well-formed slots: a bad slot is reported already */
    for (int t = 0; t < s->n_slots; t++) {
        int minutes = tap_slot_minutes(&s->slots[t]);
        if (minutes <= 0)
            continue;
        if (shortest == 0 || minutes < shortest)
            shortest = minutes;
        if (minutes > longest)
            longest = minutes;
    }
    double fixed_cost = 0.0;
    for (int a = 0; a < s->n_staff; a++) {
        tap_staff *adult = &s->staff[a];
        if (adult->planning_slots < 0)
            adult->planning_slots = s->policy.planning_slots;
        if (adult->hours + 1e-9 < adult->planning_slots * shortest / 60.0)
            tap_diags_add(diags, adult->pos,
                          "staff '%s': %g contracted hours cannot hold %d planning slot%s (the shortest slot is %d "
                          "minutes)",
                          adult->id, adult->hours, adult->planning_slots, adult->planning_slots == 1 ? "" : "s",
                          shortest);
        if (!adult->optional)
            fixed_cost += adult->hours * adult->cost_per_hour;
    }
    /* at the value when the file sets it: that is what to change */
    if (s->n_staff > 0 && longest < s->policy.break_minutes)
        tap_diags_add(diags, s->policy.break_minutes_pos.line ? s->policy.break_minutes_pos : s->slots[0].pos,
                      "no slot is at least %d minutes long (policy.break_minutes), so no adult could take a break",
                      s->policy.break_minutes);
    if (s->budget.has_weekly && fixed_cost > s->budget.weekly + 1e-6)
        tap_diags_add(diags, budget_pos(s),
                      "budget: weekly %g is below %g, the weekly cost of the staff who are not optional",
                      s->budget.weekly, fixed_cost);
}

tap_status tap_school_check(tap_school *s, tap_diags *diags)
{
    int n_before = diags->n_items + diags->n_dropped;
    if (!check_week(s, diags) || !check_references(s, diags))
        return TAP_EINPUT; /* the checks below would index out of bounds */
    tap_status status = TAP_OK;
    if (status == TAP_OK)
        status = UNIQUE("day", s->days, s->n_days, tap_day);
    if (status == TAP_OK)
        status = UNIQUE("slot", s->slots, s->n_slots, tap_slot);
    if (status == TAP_OK)
        status = UNIQUE("subject", s->subjects, s->n_subjects, tap_subject);
    if (status == TAP_OK)
        status = UNIQUE("group", s->groups, s->n_groups, tap_group);
    if (status == TAP_OK)
        status = UNIQUE("pupil", s->pupils, s->n_pupils, tap_pupil);
    if (status == TAP_OK)
        status = UNIQUE("programme", s->programmes, s->n_programmes, tap_programme);
    if (status == TAP_OK)
        status = UNIQUE("staff", s->staff, s->n_staff, tap_staff);
    if (status != TAP_OK)
        return status;
    check_values(s, diags);

    size_t times = (size_t)s->n_days * (size_t)s->n_slots;
    s->group_lesson = tap_arena_calloc(&s->arena, (size_t)s->n_groups * times + 1, sizeof *s->group_lesson);
    s->pupil_lesson = tap_arena_calloc(&s->arena, (size_t)s->n_pupils * times + 1, sizeof *s->pupil_lesson);
    s->slot_hours = tap_arena_calloc(&s->arena, (size_t)s->n_slots, sizeof *s->slot_hours);
    if (!s->group_lesson || !s->pupil_lesson || !s->slot_hours)
        return TAP_ENOMEM;
    for (size_t i = 0; i < (size_t)s->n_groups * times; i++)
        s->group_lesson[i] = -1;
    for (size_t i = 0; i < (size_t)s->n_pupils * times; i++)
        s->pupil_lesson[i] = -1;
    double lesson_hours = 0.0;
    int n_lesson_slots = 0;
    for (int t = 0; t < s->n_slots; t++) {
        s->slot_hours[t] = tap_slot_minutes(&s->slots[t]) / 60.0;
        if (s->slots[t].kind == TAP_SLOT_LESSON) {
            lesson_hours += s->slot_hours[t];
            n_lesson_slots++;
        }
    }
    s->mean_lesson_hours = n_lesson_slots ? lesson_hours / n_lesson_slots : 0.0;

    index_lessons(s, diags);
    status = check_pupils(s, diags);
    if (status != TAP_OK)
        return status;
    check_staff(s, diags);
    return diags->n_items + diags->n_dropped > n_before ? TAP_EINPUT : TAP_OK;
}
