/* school_check.c - consistency of a school that has been read: duplicate
 * ids, slot times, lessons at the right kind of slot, a pupil in one lesson
 * at a time, budgets and policies that some plan can meet. All errors are
 * reported at once; then the derived tables of school.h are filled. */
#include <math.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>

#include "school.h"

/* Reports the second and later uses of each id of a kind. */
static void check_unique(tap_diags *diags, const char *kind, const void *items, int count, size_t size,
                         size_t id_offset, size_t pos_offset)
{
    const char *base = items;
    for (int i = 1; i < count; i++) {
        const char *id = *(char *const *)(base + (size_t)i * size + id_offset);
        for (int j = 0; j < i; j++)
            if (!strcmp(id, *(char *const *)(base + (size_t)j * size + id_offset))) {
                tap_pos pos;
                memcpy(&pos, base + (size_t)i * size + pos_offset, sizeof pos);
                tap_diags_add(diags, pos, "duplicate %s id '%s'", kind, id);
                break;
            }
    }
}

#define UNIQUE(kind, array, count, type)                                                                               \
    check_unique(diags, kind, array, count, sizeof(type), offsetof(type, id), offsetof(type, pos))

static void check_slots(tap_school *s, tap_diags *diags)
{
    if (s->n_days == 0)
        tap_diags_add(diags, (tap_pos){s->file, 1, 1}, "week: at least one day is needed");
    if (s->n_slots == 0)
        tap_diags_add(diags, (tap_pos){s->file, 1, 1}, "week: at least one slot is needed");
    for (int t = 0; t < s->n_slots; t++) {
        const tap_slot *slot = &s->slots[t];
        if (slot->end_minute <= slot->start_minute)
            tap_diags_add(diags, slot->pos, "slot '%s': ends before it starts", slot->id);
        else if (t > 0 && slot->start_minute < s->slots[t - 1].end_minute)
            tap_diags_add(diags, slot->pos, "slot '%s': starts before slot '%s' ends (slots are listed in order)",
                          slot->id, s->slots[t - 1].id);
    }
}

/* Fills group_lesson, rejecting conflicting lessons and lessons at
 * unstructured slots; a lesson given twice alike is kept once. */
static void index_lessons(tap_school *s, tap_diags *diags)
{
    int kept = 0;
    for (int i = 0; i < s->n_lessons; i++) {
        tap_lesson *l = &s->lessons[i];
        if (s->slots[l->slot].kind != TAP_SLOT_LESSON) {
            tap_diags_add(diags, l->pos, "lesson of group '%s': slot '%s' is not a lesson slot", s->groups[l->group].id,
                          s->slots[l->slot].id);
            continue;
        }
        size_t cell = ((size_t)l->group * (size_t)s->n_days + (size_t)l->day) * (size_t)s->n_slots + (size_t)l->slot;
        int other = s->group_lesson[cell];
        if (other >= 0) {
            if (s->lessons[other].subject != l->subject)
                tap_diags_add(diags, l->pos, "group '%s' has two lessons at %s %s ('%s' and '%s')", s->groups[l->group].id,
                              s->days[l->day].id, s->slots[l->slot].id, s->subjects[s->lessons[other].subject].id,
                              s->subjects[l->subject].id);
            continue;
        }
        s->lessons[kept] = *l;
        s->group_lesson[cell] = kept++;
    }
    s->n_lessons = kept;
}

static void index_pupils(tap_school *s, tap_diags *diags)
{
    for (int p = 0; p < s->n_pupils; p++) {
        const tap_pupil *pupil = &s->pupils[p];
        for (int k = 0; k < pupil->n_groups; k++) {
            int g = pupil->groups[k];
            for (int d = 0; d < s->n_days; d++)
                for (int t = 0; t < s->n_slots; t++) {
                    int l = tap_group_lesson_at(s, g, d, t);
                    if (l < 0)
                        continue;
                    size_t cell = ((size_t)p * (size_t)s->n_days + (size_t)d) * (size_t)s->n_slots + (size_t)t;
                    int other = s->pupil_lesson[cell];
                    if (other >= 0)
                        tap_diags_add(diags, pupil->pos, "pupil '%s' is in two lessons at %s %s (groups '%s' and '%s')",
                                      pupil->id, s->days[d].id, s->slots[t].id, s->groups[s->lessons[other].group].id,
                                      s->groups[g].id);
                    else
                        s->pupil_lesson[cell] = l;
                }
        }
        for (int t = 0; t < s->n_slots; t++)
            if ((pupil->unstructured_slots >> t & 1u) && s->slots[t].kind != TAP_SLOT_UNSTRUCTURED)
                tap_diags_add(diags, pupil->pos, "pupil '%s': unstructured support at '%s', which is a lesson slot",
                              pupil->id, s->slots[t].id);
        for (int i = 0; i < pupil->n_interventions; i++)
            for (int j = 0; j < i; j++)
                if (pupil->interventions[i].programme == pupil->interventions[j].programme)
                    tap_diags_add(diags, pupil->interventions[i].pos, "pupil '%s': programme '%s' is listed twice",
                                  pupil->id, s->programmes[pupil->interventions[i].programme].id);
    }
}

static void check_staff_and_budget(tap_school *s, tap_diags *diags)
{
    int shortest = 0, longest = 0;
    for (int t = 0; t < s->n_slots; t++) {
        int minutes = s->slots[t].end_minute - s->slots[t].start_minute;
        if (t == 0 || minutes < shortest)
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
            tap_diags_add(diags, adult->pos, "staff '%s': %g contracted hours cannot hold %d planning slot%s",
                          adult->id, adult->hours, adult->planning_slots, adult->planning_slots == 1 ? "" : "s");
        if (!adult->optional)
            fixed_cost += adult->hours * adult->cost_per_hour;
    }
    if (s->n_staff > 0 && s->n_slots > 0 && longest < s->policy.break_minutes)
        tap_diags_add(diags, (tap_pos){s->file, 1, 1},
                      "policy.break_minutes is %d but no slot is that long: no adult could take a break",
                      s->policy.break_minutes);
    if (s->budget.has_weekly && fixed_cost > s->budget.weekly + 1e-6)
        tap_diags_add(diags, (tap_pos){s->file, 1, 1},
                      "budget.weekly %g is below the %g a week of the staff who are not optional", s->budget.weekly,
                      fixed_cost);
}

tap_status tap_school_check(tap_school *s, tap_diags *diags)
{
    int n_before = diags->n_items + diags->n_dropped;
    UNIQUE("day", s->days, s->n_days, tap_day);
    UNIQUE("slot", s->slots, s->n_slots, tap_slot);
    UNIQUE("subject", s->subjects, s->n_subjects, tap_subject);
    UNIQUE("group", s->groups, s->n_groups, tap_group);
    UNIQUE("pupil", s->pupils, s->n_pupils, tap_pupil);
    UNIQUE("programme", s->programmes, s->n_programmes, tap_programme);
    UNIQUE("staff", s->staff, s->n_staff, tap_staff);
    check_slots(s, diags);

    size_t times = (size_t)s->n_days * (size_t)s->n_slots;
    s->group_lesson = tap_arena_calloc(&s->arena, (size_t)s->n_groups * times + 1, sizeof *s->group_lesson);
    s->pupil_lesson = tap_arena_calloc(&s->arena, (size_t)s->n_pupils * times + 1, sizeof *s->pupil_lesson);
    s->slot_hours = tap_arena_calloc(&s->arena, (size_t)s->n_slots + 1, sizeof *s->slot_hours);
    if (!s->group_lesson || !s->pupil_lesson || !s->slot_hours)
        return TAP_ENOMEM;
    for (size_t i = 0; i < (size_t)s->n_groups * times; i++)
        s->group_lesson[i] = -1;
    for (size_t i = 0; i < (size_t)s->n_pupils * times; i++)
        s->pupil_lesson[i] = -1;
    double lesson_hours = 0.0;
    int n_lesson_slots = 0;
    for (int t = 0; t < s->n_slots; t++) {
        s->slot_hours[t] = (s->slots[t].end_minute - s->slots[t].start_minute) / 60.0;
        if (s->slots[t].kind == TAP_SLOT_LESSON) {
            lesson_hours += s->slot_hours[t];
            n_lesson_slots++;
        }
    }
    s->mean_lesson_hours = n_lesson_slots ? lesson_hours / n_lesson_slots : 0.0;

    index_lessons(s, diags);
    index_pupils(s, diags);
    check_staff_and_budget(s, diags);
    return diags->n_items + diags->n_dropped > n_before ? TAP_EINPUT : TAP_OK;
}
