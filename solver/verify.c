/* verify.c - every hard rule of SPEC section 3 checked from the school and
 * the assignments alone, one plain-words diagnostic per breach, then the
 * plan's reported figures against those the assignments imply. */
#include "verify.h"

#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define SHARE_TOLERANCE 1e-9
#define HOURS_TOLERANCE 1e-6
#define FIGURE_TOLERANCE 1e-4

typedef struct {
    const tap_school *s;
    const tap_plan *plan;
    const char *file;
    tap_diags *out;
    int n_found;
    bool out_of_memory;
    bool *usable; /* [n_assignments]: every index inside the school */
    /* Scratch that keeps every check linear in the plan's size, so that a
     * hostile plan file (a million pupils in one entry) cannot stall it. */
    int *stamp;       /* [n_pupils]: stamp_value when in the current assignment */
    int stamp_value;
    bool *repeat;     /* [largest pupil list]: listed earlier in the same list */
    int *entries;     /* [n_pupils]: withdrawal entries of the current session */
    int *first_entry; /* [n_pupils]: index of the first such entry */
} verifier;

static void violation(verifier *v, const char *format, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 2, 3)))
#endif
    ;

static void violation(verifier *v, const char *format, ...)
{
    va_list args;
    va_start(args, format);
    tap_diags_vadd(v->out, (tap_pos){v->file, 0, 0}, format, args);
    va_end(args);
    v->n_found++;
}

static double hours_of(const tap_school *s, int slot)
{
    return tap_slot_minutes(&s->slots[slot]) / 60.0;
}

/* A growing text buffer for messages that list things. */
typedef struct {
    char *text;
    size_t length;
    size_t capacity;
    bool failed;
} text_buffer;

static void text_append(text_buffer *b, const char *piece)
{
    size_t n = strlen(piece);
    if (b->failed)
        return;
    if (b->length + n + 1 > b->capacity) {
        size_t capacity = (b->capacity ? b->capacity * 2 : 64) + n;
        char *text = realloc(b->text, capacity);
        if (!text) {
            b->failed = true;
            return;
        }
        b->text = text;
        b->capacity = capacity;
    }
    memcpy(b->text + b->length, piece, n + 1);
    b->length += n;
}

static const char *text_of(const text_buffer *b)
{
    return b->text && !b->failed ? b->text : "";
}

/* ---- indices ---- */

static bool in_range(int index, int count)
{
    return index >= 0 && index < count;
}

/* Reports an assignment that points outside the school (possible only for
 * a plan built in code) and keeps it out of every other check. */
static bool check_indices(verifier *v, int i)
{
    const tap_school *s = v->s;
    const tap_assignment *a = &v->plan->assignments[i];
    const char *problem = NULL;
    if (!in_range(a->staff, s->n_staff) || !in_range(a->day, s->n_days) || !in_range(a->slot, s->n_slots))
        problem = "its staff, day or slot";
    else if (a->activity == TAP_ACT_IN_CLASS && (!in_range(a->group, s->n_groups) || !in_range(a->subject, s->n_subjects)))
        problem = "its group or subject";
    else if (a->activity == TAP_ACT_INTERVENTION && !in_range(a->programme, s->n_programmes))
        problem = "its programme";
    for (int k = 0; !problem && k < a->n_pupils; k++)
        if (!in_range(a->pupils[k], s->n_pupils))
            problem = "a pupil";
    for (int k = 0; !problem && k < a->n_withdrawn; k++)
        if (!in_range(a->withdrawn[k].pupil, s->n_pupils) || !in_range(a->withdrawn[k].group, s->n_groups) ||
            !in_range(a->withdrawn[k].subject, s->n_subjects))
            problem = "a withdrawal";
    if (problem)
        violation(v, "assignment %d: %s is not in the school", i, problem);
    return !problem;
}

/* ---- one assignment at a time ---- */

static bool group_has_pupil(const tap_group *g, int pupil)
{
    for (int k = 0; k < g->n_pupils; k++)
        if (g->pupils[k] == pupil)
            return true;
    return false;
}

/* Marks the pupils of one assignment: afterwards v->repeat[k] says the
 * k-th was listed before, and v->stamp[p] == v->stamp_value that p is in it. */
static void mark_pupils(verifier *v, const tap_assignment *a)
{
    v->stamp_value++;
    for (int k = 0; k < a->n_pupils; k++) {
        int p = a->pupils[k];
        v->repeat[k] = v->stamp[p] == v->stamp_value;
        v->stamp[p] = v->stamp_value;
    }
}

/* The pupils' shares of one adult: 1/ratio each, using the unstructured
 * ratio at unstructured duties for pupils who have such a need. */
static void check_shares(verifier *v, const tap_assignment *a, const char *label)
{
    double shares = 0.0;
    for (int k = 0; k < a->n_pupils; k++) {
        const tap_pupil *p = &v->s->pupils[a->pupils[k]];
        int ratio = p->ratio;
        if (a->activity == TAP_ACT_UNSTRUCTURED && p->unstructured_slots != 0)
            ratio = p->unstructured_ratio;
        shares += 1.0 / (ratio >= 1 ? ratio : 1);
    }
    if (shares > 1.0 + SHARE_TOLERANCE)
        violation(v, "%s: more pupils than one adult may support (shares 1/ratio add up to %.10g)", label, shares);
}

static void check_in_class(verifier *v, const tap_assignment *a, const char *label)
{
    const tap_school *s = v->s;
    const tap_group *g = &s->groups[a->group];
    if (s->slots[a->slot].kind != TAP_SLOT_LESSON) {
        violation(v, "%s: in_class at a slot that is not a lesson", label);
    } else {
        int l = tap_group_lesson_at(s, a->group, a->day, a->slot);
        if (l < 0)
            violation(v, "%s: %s has no lesson then", label, g->id);
        else if (s->lessons[l].subject != a->subject)
            violation(v, "%s: %s has %s then, not %s", label, g->id, s->subjects[s->lessons[l].subject].id,
                      s->subjects[a->subject].id);
    }
    for (int k = 0; k < a->n_pupils; k++)
        if (!v->repeat[k] && !group_has_pupil(g, a->pupils[k]))
            violation(v, "%s: %s is not in %s", label, s->pupils[a->pupils[k]].id, g->id);
    check_shares(v, a, label);
}

/* withdrawn_from must say exactly which lesson each attending pupil left. */
static void check_withdrawn_from(verifier *v, const tap_assignment *a, const char *label)
{
    const tap_school *s = v->s;
    for (int j = 0; j < a->n_withdrawn; j++) {
        int p = a->withdrawn[j].pupil;
        if (v->entries[p]++ == 0)
            v->first_entry[p] = j;
    }
    for (int k = 0; k < a->n_pupils; k++) {
        int p = a->pupils[k];
        if (v->repeat[k])
            continue;
        const char *id = s->pupils[p].id;
        int l = tap_pupil_lesson_at(s, p, a->day, a->slot);
        int n_entries = v->entries[p];
        const tap_withdrawal *entry = n_entries > 0 ? &a->withdrawn[v->first_entry[p]] : NULL;
        if (n_entries > 1)
            violation(v, "%s: withdrawn_from names %s %d times", label, id, n_entries);
        if (l < 0 && entry)
            violation(v, "%s: withdrawn_from names %s, who has no lesson then", label, id);
        else if (l >= 0 && !entry)
            violation(v, "%s: withdrawn_from omits %s (in %s %s then)", label, id, s->groups[s->lessons[l].group].id,
                      s->subjects[s->lessons[l].subject].id);
        else if (l >= 0 && (entry->group != s->lessons[l].group || entry->subject != s->lessons[l].subject))
            violation(v, "%s: withdrawn_from has %s leaving %s %s, but %s is in %s %s then", label, id,
                      s->groups[entry->group].id, s->subjects[entry->subject].id, id,
                      s->groups[s->lessons[l].group].id, s->subjects[s->lessons[l].subject].id);
    }
    for (int j = 0; j < a->n_withdrawn; j++) {
        int p = a->withdrawn[j].pupil;
        bool attends = v->stamp[p] == v->stamp_value;
        if (!attends && v->first_entry[p] == j)
            violation(v, "%s: withdrawn_from names %s, who is not in the session", label, s->pupils[p].id);
    }
    for (int j = 0; j < a->n_withdrawn; j++)
        v->entries[a->withdrawn[j].pupil] = 0;
}

/* Counts per pupil, filled while the sessions are checked. */
typedef struct {
    int *withdrawals; /* [n_pupils][n_subjects] */
    int *sessions;    /* [n_pupils][n_programmes][n_days] */
} tallies;

static void check_intervention(verifier *v, const tap_assignment *a, const char *label, tallies *t)
{
    const tap_school *s = v->s;
    const tap_staff *adult = &s->staff[a->staff];
    const tap_programme *q = &s->programmes[a->programme];
    if (s->slots[a->slot].kind != TAP_SLOT_LESSON)
        violation(v, "%s: intervention at a slot that is not a lesson", label);
    if (!tap_staff_has_skill(adult, q->skill))
        violation(v, "%s: lacks %s, needed to run %s", label, s->skills[q->skill].id, q->id);
    int capacity = tap_staff_session_capacity(adult, q);
    if (a->n_pupils > capacity)
        violation(v, "%s: %d pupils in a %s session (at most %d)", label, a->n_pupils, q->id, capacity);
    check_withdrawn_from(v, a, label);
    for (int k = 0; k < a->n_pupils; k++) {
        int p = a->pupils[k];
        if (v->repeat[k])
            continue;
        t->sessions[((size_t)p * (size_t)s->n_programmes + (size_t)a->programme) * (size_t)s->n_days + (size_t)a->day]++;
        int l = tap_pupil_lesson_at(s, p, a->day, a->slot);
        if (l < 0)
            continue; /* a free period: nobody is withdrawn */
        int subject = s->lessons[l].subject;
        const tap_pupil *pupil = &s->pupils[p];
        t->withdrawals[(size_t)p * (size_t)s->n_subjects + (size_t)subject]++;
        if (s->policy.strengths == TAP_STRENGTHS_HARD && tap_pupil_has_strength(pupil, subject))
            violation(v, "%s %s %s: withdrawn from %s, a strength subject", pupil->id, s->days[a->day].id,
                      s->slots[a->slot].id, s->subjects[subject].id);
        if (q->n_subjects_from > 0) {
            bool allowed = false;
            for (int j = 0; j < q->n_subjects_from; j++)
                allowed |= q->subjects_from[j] == subject;
            if (!allowed)
                violation(v, "%s %s %s: withdrawn from %s, which is not in %s's subjects_from", pupil->id,
                          s->days[a->day].id, s->slots[a->slot].id, s->subjects[subject].id, q->id);
        }
    }
}

static void check_skills(verifier *v, const tap_assignment *a, const char *label)
{
    const tap_school *s = v->s;
    const tap_staff *adult = &s->staff[a->staff];
    for (int k = 0; k < a->n_pupils; k++) {
        const tap_pupil *p = &s->pupils[a->pupils[k]];
        if (v->repeat[k] || tap_staff_can_support(adult, p))
            continue;
        text_buffer missing = {0};
        int n_missing = 0;
        for (int j = 0; j < p->n_skills; j++) {
            if (tap_staff_has_skill(adult, p->skills[j]))
                continue;
            if (n_missing++ > 0)
                text_append(&missing, " and ");
            text_append(&missing, s->skills[p->skills[j]].id);
        }
        violation(v, "%s: %s needs %s, which %s lacks", label, p->id, text_of(&missing), adult->id);
        free(missing.text);
    }
}

static void check_assignment(verifier *v, int i, tallies *t)
{
    const tap_school *s = v->s;
    const tap_assignment *a = &v->plan->assignments[i];
    const tap_staff *adult = &s->staff[a->staff];
    char label[512];
    snprintf(label, sizeof label, "%s %s %s", adult->id, s->days[a->day].id, s->slots[a->slot].id);
    if (!tap_staff_available(adult, a->day, a->slot))
        violation(v, "%s: unavailable", label);
    mark_pupils(v, a);
    for (int k = 0; k < a->n_pupils; k++)
        if (v->repeat[k] && v->entries[a->pupils[k]]++ == 0)
            violation(v, "%s: %s listed more than once", label, s->pupils[a->pupils[k]].id);
    for (int k = 0; k < a->n_pupils; k++)
        v->entries[a->pupils[k]] = 0;
    switch (a->activity) {
    case TAP_ACT_IN_CLASS:
        check_in_class(v, a, label);
        break;
    case TAP_ACT_INTERVENTION:
        check_intervention(v, a, label, t);
        break;
    case TAP_ACT_UNSTRUCTURED:
        if (s->slots[a->slot].kind != TAP_SLOT_UNSTRUCTURED)
            violation(v, "%s: unstructured duty at a lesson slot", label);
        check_shares(v, a, label);
        break;
    case TAP_ACT_PLANNING:
        if (a->n_pupils > 0)
            violation(v, "%s: planning time lists pupils", label);
        break;
    }
    check_skills(v, a, label);
}

/* ---- one place at a time, for adults and for pupils ---- */

typedef struct {
    size_t key; /* ((who * n_days) + day) * n_slots + slot */
    int assignment;
} occupancy;

static int compare_occupancy(const void *left, const void *right)
{
    const occupancy *a = left, *b = right;
    if (a->key != b->key)
        return a->key < b->key ? -1 : 1;
    return (a->assignment > b->assignment) - (a->assignment < b->assignment);
}

static const char *number_word(int n)
{
    static const char *const words[] = {"zero", "one", "two", "three", "four", "five"};
    return n >= 0 && n < 6 ? words[n] : NULL;
}

/* Reports every (adult or pupil, day, slot) held by more than one
 * assignment. by_pupil selects which. */
static void check_overlaps(verifier *v, bool by_pupil)
{
    const tap_school *s = v->s;
    const tap_plan *plan = v->plan;
    size_t n = 0;
    for (int i = 0; i < plan->n_assignments; i++)
        if (v->usable[i])
            n += by_pupil ? (size_t)plan->assignments[i].n_pupils : 1;
    occupancy *items = malloc((n + 1) * sizeof *items);
    if (!items) {
        v->out_of_memory = true;
        return;
    }
    size_t m = 0;
    for (int i = 0; i < plan->n_assignments; i++) {
        const tap_assignment *a = &plan->assignments[i];
        if (!v->usable[i])
            continue;
        size_t time = (size_t)a->day * (size_t)s->n_slots + (size_t)a->slot;
        size_t per_who = (size_t)s->n_days * (size_t)s->n_slots;
        if (!by_pupil) {
            items[m++] = (occupancy){(size_t)a->staff * per_who + time, i};
            continue;
        }
        mark_pupils(v, a);
        for (int k = 0; k < a->n_pupils; k++)
            if (!v->repeat[k])
                items[m++] = (occupancy){(size_t)a->pupils[k] * per_who + time, i};
    }
    qsort(items, m, sizeof *items, compare_occupancy);
    for (size_t first = 0; first < m;) {
        size_t last = first;
        while (last + 1 < m && items[last + 1].key == items[first].key)
            last++;
        int count = (int)(last - first + 1);
        if (count > 1) {
            const tap_assignment *a = &plan->assignments[items[first].assignment];
            text_buffer list = {0};
            for (size_t j = first; j <= last; j++) {
                const tap_assignment *b = &plan->assignments[items[j].assignment];
                if (j > first)
                    text_append(&list, ", ");
                if (by_pupil) {
                    text_append(&list, s->staff[b->staff].id);
                    text_append(&list, " ");
                }
                text_append(&list, tap_activity_name(b->activity));
            }
            char many[32];
            snprintf(many, sizeof many, "%d", count);
            const char *how_many = number_word(count) ? number_word(count) : many;
            if (by_pupil) {
                int p = (int)(items[first].key / ((size_t)s->n_days * (size_t)s->n_slots));
                violation(v, "%s %s %s: in %s places (%s)", s->pupils[p].id, s->days[a->day].id, s->slots[a->slot].id,
                          how_many, text_of(&list));
            } else {
                violation(v, "%s %s %s: %s assignments at once (%s)", s->staff[a->staff].id, s->days[a->day].id,
                          s->slots[a->slot].id, how_many, text_of(&list));
            }
            free(list.text);
        }
        first = last + 1;
    }
    free(items);
}

/* ---- per adult: hours, planning, breaks ---- */

static void check_staff(verifier *v, int a)
{
    const tap_school *s = v->s;
    const tap_plan *plan = v->plan;
    const tap_staff *adult = &s->staff[a];
    double hours = 0.0;
    int n_planning = 0, n_assignments = 0;
    bool busy[TAP_MAX_DAYS][TAP_MAX_SLOTS] = {{false}};
    bool works[TAP_MAX_DAYS] = {false};
    for (int i = 0; i < plan->n_assignments; i++) {
        const tap_assignment *x = &plan->assignments[i];
        if (!v->usable[i] || x->staff != a)
            continue;
        n_assignments++;
        hours += hours_of(s, x->slot);
        n_planning += x->activity == TAP_ACT_PLANNING;
        if (x->day < TAP_MAX_DAYS && x->slot < TAP_MAX_SLOTS)
            busy[x->day][x->slot] = works[x->day] = true;
    }
    if (hours > adult->hours + HOURS_TOLERANCE)
        violation(v, "%s: %.10g hours of contact and planning (contract %.10g)", adult->id, hours, adult->hours);

    bool employed = !adult->optional || n_assignments > 0;
    int planning_slots = adult->planning_slots >= 0 ? adult->planning_slots : s->policy.planning_slots;
    int n_available = 0;
    for (int d = 0; d < s->n_days; d++)
        for (int t = 0; t < s->n_slots; t++)
            n_available += tap_staff_available(adult, d, t);
    int required = planning_slots < n_available ? planning_slots : n_available;
    if (employed && n_planning < required)
        violation(v, "%s: %d planning slot%s (at least %d)", adult->id, n_planning, n_planning == 1 ? "" : "s",
                  required);

    /* A week with no slot long enough for a break cannot honour the rule
     * at all; the model adds no row then, and neither is it a breach here. */
    bool any_long = false;
    for (int t = 0; t < s->n_slots; t++)
        any_long |= tap_slot_minutes(&s->slots[t]) >= s->policy.break_minutes;
    for (int d = 0; d < s->n_days && d < TAP_MAX_DAYS && any_long; d++) {
        if (!works[d])
            continue;
        bool has_break = false;
        for (int t = 0; t < s->n_slots && t < TAP_MAX_SLOTS && !has_break; t++)
            has_break = tap_slot_minutes(&s->slots[t]) >= s->policy.break_minutes &&
                        (!busy[d][t] || !tap_staff_available(adult, d, t));
        if (!has_break)
            violation(v, "%s %s: no free slot of at least %d minutes for a break", adult->id, s->days[d].id,
                      s->policy.break_minutes);
    }
}

/* ---- per pupil: withdrawals, sessions a day, continuity ---- */

static void check_pupil(verifier *v, int p, const tallies *t, const tap_figures *computed)
{
    const tap_school *s = v->s;
    const tap_pupil *pupil = &s->pupils[p];
    int limit = s->policy.max_withdrawals_per_subject;
    for (int k = 0; k < s->n_subjects; k++) {
        int n = t->withdrawals[(size_t)p * (size_t)s->n_subjects + (size_t)k];
        if (n > limit)
            violation(v, "%s: withdrawn from %s %d times (at most %d)", pupil->id, s->subjects[k].id, n, limit);
    }
    for (int q = 0; q < s->n_programmes; q++)
        for (int d = 0; d < s->n_days; d++) {
            int n = t->sessions[((size_t)p * (size_t)s->n_programmes + (size_t)q) * (size_t)s->n_days + (size_t)d];
            if (n > 1)
                violation(v, "%s %s: %d %s sessions in one day (at most 1)", pupil->id, s->days[d].id, n,
                          s->programmes[q].id);
        }
    int n_adults = computed->pupils[p].n_adults;
    if (n_adults > s->policy.max_adults_per_pupil)
        violation(v, "%s: supported by %d adults (at most %d)", pupil->id, n_adults, s->policy.max_adults_per_pupil);
}

/* ---- reported figures ---- */

static void compare_number(verifier *v, const char *who, const char *figure, double reported, double implied)
{
    if (fabs(reported - implied) <= FIGURE_TOLERANCE)
        return;
    violation(v, "%s%s%s: reported %.10g, assignments imply %.10g", who, *who ? " " : "", figure, reported, implied);
}

static void list_adults(const tap_school *s, const tap_pupil_figures *pf, text_buffer *b)
{
    if (pf->n_adults == 0)
        text_append(b, "none");
    for (int k = 0; k < pf->n_adults; k++) {
        if (k > 0)
            text_append(b, ", ");
        text_append(b, in_range(pf->adults[k], s->n_staff) ? s->staff[pf->adults[k]].id : "?");
    }
}

static void compare_pupil(verifier *v, int p, const tap_pupil_figures *r, const tap_pupil_figures *c)
{
    const tap_school *s = v->s;
    const char *id = s->pupils[p].id;
    if (!r->listed && !c->listed)
        return;
    if (!r->listed) {
        violation(v, "%s: missing from the plan's pupils", id);
        return;
    }
    if (!c->listed) {
        violation(v, "%s: listed among the plan's pupils but has no plan to deliver", id);
        return;
    }
    compare_number(v, id, "in_class.entitled_hours", r->in_class_entitled, c->in_class_entitled);
    compare_number(v, id, "in_class.delivered_hours", r->in_class_delivered, c->in_class_delivered);
    for (int n = 0; n < c->n_interventions; n++) {
        const tap_intervention_figures *ri = n < r->n_interventions ? &r->interventions[n] : NULL;
        const char *programme = s->programmes[s->pupils[p].interventions[n].programme].id;
        char figure[300];
        snprintf(figure, sizeof figure, "interventions.%s.entitled", programme);
        compare_number(v, id, figure, ri ? ri->entitled : 0, c->interventions[n].entitled);
        snprintf(figure, sizeof figure, "interventions.%s.delivered", programme);
        compare_number(v, id, figure, ri ? ri->delivered : 0, c->interventions[n].delivered);
    }
    compare_number(v, id, "unstructured.needed_hours", r->unstructured_needed, c->unstructured_needed);
    compare_number(v, id, "unstructured.covered_hours", r->unstructured_covered, c->unstructured_covered);
    compare_number(v, id, "shortfall_hours", r->shortfall_hours, c->shortfall_hours);
    bool same = r->n_adults == c->n_adults;
    for (int k = 0; same && k < c->n_adults; k++)
        same = r->adults[k] == c->adults[k];
    if (!same) {
        text_buffer said = {0}, implied = {0};
        list_adults(s, r, &said);
        list_adults(s, c, &implied);
        violation(v, "%s adults: reported %s, assignments imply %s", id, text_of(&said), text_of(&implied));
        free(said.text), free(implied.text);
    }
    compare_number(v, id, "strength_withdrawals", r->strength_withdrawals, c->strength_withdrawals);
}

static void compare_figures(verifier *v, const tap_figures *reported, const tap_figures *computed)
{
    const tap_school *s = v->s;
    for (int p = 0; p < s->n_pupils; p++)
        compare_pupil(v, p, &reported->pupils[p], &computed->pupils[p]);
    for (int a = 0; a < s->n_staff; a++) {
        const tap_staff_figures *r = &reported->staff[a], *c = &computed->staff[a];
        const char *id = s->staff[a].id;
        if (r->employed != c->employed)
            violation(v, "%s employed: reported %s, assignments imply %s", id, r->employed ? "true" : "false",
                      c->employed ? "true" : "false");
        compare_number(v, id, "contract_hours", r->contract_hours, c->contract_hours);
        compare_number(v, id, "contact_hours", r->contact_hours, c->contact_hours);
        compare_number(v, id, "planning_slots", r->planning_slots, c->planning_slots);
        compare_number(v, id, "weekly_cost", r->weekly_cost, c->weekly_cost);
    }
    const tap_summary *r = &reported->summary, *c = &computed->summary;
    compare_number(v, "", "summary.statutory_shortfall_hours", r->statutory_shortfall_hours,
                   c->statutory_shortfall_hours);
    compare_number(v, "", "summary.sen_support_shortfall_hours", r->sen_support_shortfall_hours,
                   c->sen_support_shortfall_hours);
    compare_number(v, "", "summary.weekly_cost", r->weekly_cost, c->weekly_cost);
    compare_number(v, "", "summary.annual_cost", r->annual_cost, c->annual_cost);
    compare_number(v, "", "summary.funded_hours", r->funded_hours, c->funded_hours);
    compare_number(v, "", "summary.hours_reaching_pupils", r->hours_reaching_pupils, c->hours_reaching_pupils);
    compare_number(v, "", "summary.unallocated_hours", r->unallocated_hours, c->unallocated_hours);
    compare_number(v, "", "summary.strength_withdrawals", r->strength_withdrawals, c->strength_withdrawals);
}

static void free_scratch(verifier *v, tallies *t)
{
    free(v->usable), free(v->stamp), free(v->repeat), free(v->entries), free(v->first_entry);
    free(t->withdrawals), free(t->sessions);
}

int tap_verify(const tap_school *school, const tap_plan *plan, const tap_figures *reported, const char *plan_file,
               tap_diags *violations)
{
    verifier v = {school, plan, plan_file, violations, 0, false, NULL, NULL, 0, NULL, NULL, NULL};
    tallies t = {0};
    tap_figures *computed = NULL;
    int max_pupils = 0;
    for (int i = 0; i < plan->n_assignments; i++)
        if (plan->assignments[i].n_pupils > max_pupils)
            max_pupils = plan->assignments[i].n_pupils;
    v.usable = calloc((size_t)plan->n_assignments + 1, sizeof *v.usable);
    v.stamp = calloc((size_t)school->n_pupils + 1, sizeof *v.stamp);
    v.repeat = calloc((size_t)max_pupils + 1, sizeof *v.repeat);
    v.entries = calloc((size_t)school->n_pupils + 1, sizeof *v.entries);
    v.first_entry = calloc((size_t)school->n_pupils + 1, sizeof *v.first_entry);
    t.withdrawals = calloc((size_t)school->n_pupils * (size_t)school->n_subjects + 1, sizeof *t.withdrawals);
    t.sessions = calloc((size_t)school->n_pupils * (size_t)school->n_programmes * (size_t)school->n_days + 1,
                        sizeof *t.sessions);
    if (!v.usable || !v.stamp || !v.repeat || !v.entries || !v.first_entry || !t.withdrawals || !t.sessions ||
        tap_figures_compute(school, plan, &computed) != TAP_OK) {
        free_scratch(&v, &t);
        return -1;
    }

    for (int i = 0; i < plan->n_assignments; i++) {
        v.usable[i] = check_indices(&v, i);
        if (v.usable[i])
            check_assignment(&v, i, &t);
    }
    check_overlaps(&v, false);
    check_overlaps(&v, true);
    for (int a = 0; a < school->n_staff; a++)
        check_staff(&v, a);
    for (int p = 0; p < school->n_pupils; p++)
        check_pupil(&v, p, &t, computed);
    if (school->budget.has_weekly && computed->summary.weekly_cost > school->budget.weekly + HOURS_TOLERANCE)
        violation(&v, "weekly cost %.10g exceeds the budget of %.10g", computed->summary.weekly_cost,
                  school->budget.weekly);
    if (reported)
        compare_figures(&v, reported, computed);

    tap_figures_destroy(&computed);
    free_scratch(&v, &t);
    return v.out_of_memory ? -1 : v.n_found;
}
