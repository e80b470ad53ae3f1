/* explain.c - reasons for shortfalls. The quick reasons give each short
 * part of an entitlement the first binding cause found, from the most
 * basic (nobody holds the skill) to the most circumstantial (the adults
 * who could help are busy). The checked reasons re-solve the pupil's
 * support with one requirement relaxed at a time and name the one whose
 * relaxation gives more, with the numbers behind it. */
#include "explain.h"

#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../base/text.h"
#include "../model/formulation.h"
#include "relax.h"
#include "solve.h"

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

/* ", away Tue, Wed" in buf: the days the adult is unavailable all day
 * (an absence, or a part-time adult's day off), which a SENCO reads as
 * the reason before any count of hours; "" when there are none. */
enum { AWAY_TEXT_SIZE = 1024 }; /* seven day ids of at most 64 bytes, as the reader allows */
static const char *days_away(const tap_school *s, int a, char buf[AWAY_TEXT_SIZE])
{
    uint32_t every_slot = (UINT32_C(1) << s->n_slots) - 1; /* n_slots <= TAP_MAX_SLOTS */
    size_t used = 0;
    buf[0] = '\0';
    for (int d = 0, n = 0; d < s->n_days; d++)
        if ((s->staff[a].unavailable[d] & every_slot) == every_slot && used < AWAY_TEXT_SIZE) {
            int wrote = snprintf(buf + used, AWAY_TEXT_SIZE - used, "%s %s", n++ ? "," : ", away", s->days[d].id);
            used += wrote > 0 ? (size_t)wrote : 0;
        }
    return buf;
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
        char away[AWAY_TEXT_SIZE];
        fprintf(e->out, "%s%s %g/%g h%s", n > 1 ? ", " : "", adult->id,
                tap_shown(f->contact_hours + f->planning_hours), tap_shown(adult->hours), days_away(e->s, a, away));
    }
}

/* Is the pupil in any assignment of the plan at (d, t)? */
static bool supported_at(const explainer *e, int p, int d, int t)
{
    for (int i = 0; i < e->plan->n_assignments; i++) {
        const tap_assignment *a = &e->plan->assignments[i];
        if (a->day == d && a->slot == t && tap_assignment_serves(a, p))
            return true;
    }
    return false;
}

/* Does pupil p already see as many adults as the policy allows? */
static bool at_adult_limit(const tap_school *s, const tap_figures *figures, int p)
{
    return figures->pupils[p].n_adults >= s->policy.max_adults_per_pupil;
}

/* Does one of the adults the pupil already sees hold skill? */
static bool sees_skill_holder(const explainer *e, int p, int skill)
{
    const tap_pupil_figures *f = &e->figures->pupils[p];
    for (int k = 0; k < f->n_adults; k++)
        if (tap_staff_has_skill(&e->s->staff[f->adults[k]], skill))
            return true;
    return false;
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
    bool anyone_available = false, available_later = false, unsupported_left = false;
    for (int d = 0; d < s->n_days; d++)
        for (int t = 0; t < s->n_slots; t++) {
            int l = tap_pupil_lesson_at(s, p, d, t);
            if (l < 0 || !tap_pupil_counts_subject(pupil, s->lessons[l].subject))
                continue;
            countable += s->slot_hours[t];
            bool here = false;
            for (int a = 0; a < s->n_staff; a++)
                here |= tap_staff_available(&s->staff[a], d, t) && tap_staff_can_support(&s->staff[a], pupil);
            bool supported = supported_at(e, p, d, t);
            anyone_available |= here;
            available_later |= here && !supported;
            unsupported_left |= !supported;
        }
    double short_hours = f->in_class_entitled - f->in_class_delivered;
    if (countable < pupil->in_class_hours - 1e-9)
        part(e, "in class %g h short: their timetable has only %g h of lessons in the subjects that count",
             tap_shown(short_hours), tap_shown(countable));
    else if (!anyone_available)
        part(e, "in class %g h short: no adult who may support them is available during their lessons",
             tap_shown(short_hours));
    else if (!unsupported_left)
        /* a session withdraws them from a lesson that counts */
        part(e, "in class %g h short: their sessions take the lessons left that count (a pupil is in one place "
                "at a time)",
             tap_shown(short_hours));
    else if (!available_later) {
        /* the adults who could are away or not in school at the rest */
        part(e, "in class %g h short: at the lessons left, every adult who may support them (", tap_shown(short_hours));
        for (int a = 0, n = 0; a < s->n_staff; a++) {
            if (!tap_staff_can_support(&s->staff[a], pupil))
                continue;
            if (n++ == 4) {
                fputs(", ...", e->out);
                break;
            }
            fprintf(e->out, "%s%s", n > 1 ? ", " : "", s->staff[a].id);
        }
        fputs(") is away or not in school", e->out);
    }
    else if (at_adult_limit(e->s, e->figures, p))
        part(e, "in class %g h short: already seen by %d adult%s, the continuity limit, who are busy at the other "
                "lessons",
             tap_shown(short_hours), f->n_adults, f->n_adults == 1 ? "" : "s");
    else {
        part(e, "in class %g h short: the adults who may support them are fully used or busy at their lessons (",
             tap_shown(short_hours));
        list_adults(e, pupil, -1);
        fputs(")", e->out);
    }
}

/* Can day d take a session, perhaps by moving the sessions of other days
 * to other subjects? An augmenting path of a matching of days to the
 * subjects they withdraw from, each subject taken at most W times. */
static bool place_day(int d, const bool *legal, int n_subjects, int limit, int *day_subject, bool *visited,
                      int n_days)
{
    for (int k = 0; k < n_subjects; k++) {
        if (!legal[d * n_subjects + k] || visited[k])
            continue;
        visited[k] = true;
        int taken = 0;
        for (int e = 0; e < n_days; e++)
            taken += day_subject[e] == k;
        for (int e = 0; e < n_days && taken >= limit; e++)
            if (day_subject[e] == k && place_day(e, legal, n_subjects, limit, day_subject, visited, n_days)) {
                day_subject[d] = k;
                return true;
            }
        if (taken < limit) {
            day_subject[d] = k;
            return true;
        }
    }
    return false;
}

/* Sessions the withdrawal rules leave room for: one a day, at a legal
 * slot, no subject more often than the weekly limit. The most, not the
 * first found: choosing subjects day by day can take the only subject a
 * later day could give, so the days are matched to subjects. */
static int placeable_sessions(const tap_school *s, int p, const tap_programme *q)
{
    int n = s->n_subjects + 1; /* the last "subject": a slot with no lesson to miss */
    bool *legal = calloc((size_t)s->n_days * (size_t)n + 1, sizeof *legal);
    bool *visited = calloc((size_t)n + 1, sizeof *visited);
    int day_subject[TAP_MAX_DAYS];
    int placeable = 0;
    for (int d = 0; d < s->n_days && legal; d++)
        for (int t = 0; t < s->n_slots; t++)
            if (tap_model_may_withdraw(s, p, q, d, t)) {
                int l = tap_pupil_lesson_at(s, p, d, t);
                legal[d * n + (l >= 0 ? s->lessons[l].subject : s->n_subjects)] = true;
            }
    for (int d = 0; d < s->n_days && legal && visited; d++) {
        day_subject[d] = -1;
        if (legal[d * n + s->n_subjects]) { /* nothing to miss: always room */
            day_subject[d] = s->n_subjects;
            placeable++;
            continue;
        }
        memset(visited, 0, (size_t)n * sizeof *visited);
        placeable += place_day(d, legal, s->n_subjects, s->policy.max_withdrawals_per_subject, day_subject, visited, d);
    }
    free(legal);
    free(visited);
    return placeable;
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
    int placeable = placeable_sessions(s, p, q);
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
    if (at_adult_limit(e->s, e->figures, p) && !sees_skill_holder(e, p, q->skill)) {
        int seen = e->figures->pupils[p].n_adults;
        part(e, "%d %s session%s short: already seen by %d adult%s, the continuity limit, and none of them is trained "
                "in %s",
             missing, q->id, missing == 1 ? "" : "s", seen, seen == 1 ? "" : "s", s->skills[q->skill].id);
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
         tap_shown(short_hours));
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

/* ---- checked explanations ---- */

enum { MAX_ADULT_TRIALS = 3, BUSY_FREE = 0, BUSY_PLANNING = 1, BUSY_MINE = 2, BUSY_OTHERS = 3 };

#define NEED_IN_CLASS (-1)
#define NEED_UNSTRUCTURED (-2)

/* What the school and the plan say about one short part. */
typedef struct {
    int need;       /* NEED_IN_CLASS, NEED_UNSTRUCTURED or the intervention index */
    int programme;  /* sessions: the programme, else -1 */
    double entitled, delivered; /* hours, or sessions */
    double possible; /* what the pupil's side leaves room for: lesson hours that count, placeable sessions */
    int n_times;    /* slots a week the pupil could receive it */
    int n_qualified; /* adults holding the skills it needs */
    int n_free;     /* of the slots, those with such an adult available and not busy with others */
    int n_free_other; /* those with another adult free, with hours left, who lacks the skills */
    double own_free; /* what the slots not taken by the pupil's other support leave room for (hours, sessions) */
    int n_own_qualified; /* of the adults the pupil already sees, those holding the skills it needs */
} part_facts;

/* The time every re-solve of one call shares. A trial rebuilds the whole
 * school's model before GLPK starts, which no limit of GLPK's cuts short
 * (0.6 s on the 2,000-pupil secondary), so a trial starts only while the
 * quickest so far would still end in time. */
typedef struct {
    double deadline;
    double quickest; /* seconds of the quickest trial so far; HUGE_VAL before any */
} clock_budget;

typedef struct {
    tap_relaxation change;
    tap_relax_outcome outcome;
    bool ran;
} trial;

typedef struct {
    const tap_school *s;
    const tap_plan *plan;
    const tap_explain_settings *settings;
    tap_figures *figures;
    int p;
    int n_times;
    unsigned char *busy; /* [staff][time]: BUSY_* */
    double *left;        /* [staff]: contracted hours not used */
    part_facts *parts;
    int n_parts;
    int skills[TAP_RELAX_MAX_SKILLS]; /* every skill the short parts need */
    int n_skills;
    trial *trials;
    int n_trials;
    bool complete;
    bool plan_broken; /* the plan does not fit the model: nothing can be re-solved */
    clock_budget *budget;
} pupil_case;

tap_explain_settings tap_explain_defaults(void)
{
    tap_explain_settings settings = {30.0, 2.0, 500, 0.0};
    return settings;
}

const char *tap_binding_name(tap_binding binds)
{
    switch (binds) {
    case TAP_BINDS_SKILL: return "skill";
    case TAP_BINDS_STRENGTHS: return "strengths";
    case TAP_BINDS_WITHDRAWALS: return "withdrawals";
    case TAP_BINDS_RULES: return "withdrawal_rules";
    case TAP_BINDS_TIMETABLE: return "timetable";
    case TAP_BINDS_CONTINUITY: return "continuity";
    case TAP_BINDS_BUDGET: return "budget";
    case TAP_BINDS_HOURS: return "contracted_hours";
    case TAP_BINDS_BREAK: return "break";
    case TAP_BINDS_BUSY: return "adults_busy";
    case TAP_BINDS_PLAN: return "plan";
    case TAP_BINDS_OWN_TIME: return "own_time";
    case TAP_BINDS_UNKNOWN: return "unknown";
    }
    return "unknown";
}

static bool part_time(const pupil_case *c, const part_facts *f, int d, int t)
{
    const tap_school *s = c->s;
    const tap_pupil *pupil = &s->pupils[c->p];
    if (f->need == NEED_IN_CLASS) {
        int l = tap_pupil_lesson_at(s, c->p, d, t);
        return l >= 0 && tap_pupil_counts_subject(pupil, s->lessons[l].subject);
    }
    if (f->need == NEED_UNSTRUCTURED)
        return (pupil->unstructured_days >> d & 1u) && (pupil->unstructured_slots >> t & 1u) &&
               s->slots[t].kind == TAP_SLOT_UNSTRUCTURED;
    return tap_model_may_withdraw(s, c->p, &s->programmes[f->programme], d, t);
}

static bool qualified(const pupil_case *c, const part_facts *f, int a)
{
    const tap_staff *adult = &c->s->staff[a];
    return tap_staff_can_support(adult, &c->s->pupils[c->p]) &&
           (f->programme < 0 || tap_staff_has_skill(adult, c->s->programmes[f->programme].skill));
}

static bool free_at(const pupil_case *c, int a, int d, int t)
{
    return tap_staff_available(&c->s->staff[a], d, t) &&
           c->busy[(size_t)a * (size_t)c->n_times + (size_t)(d * c->s->n_slots + t)] != BUSY_OTHERS;
}

/* Available and doing nothing for anyone at (d, t) (planning can move). */
static bool idle_at(const pupil_case *c, int a, int d, int t)
{
    return tap_staff_available(&c->s->staff[a], d, t) &&
           c->busy[(size_t)a * (size_t)c->n_times + (size_t)(d * c->s->n_slots + t)] <= BUSY_PLANNING;
}

static bool long_slot(const tap_school *s, int t)
{
    return tap_slot_minutes(&s->slots[t]) >= s->policy.break_minutes;
}

/* Would working at (d, t) take the adult's last free long slot of the day,
 * their break? (A day with an unavailable long slot keeps its break.) */
static bool loses_break(const pupil_case *c, int a, int d, int t)
{
    const tap_school *s = c->s;
    if (!long_slot(s, t) || !idle_at(c, a, d, t))
        return false;
    for (int u = 0; u < s->n_slots; u++) {
        if (!long_slot(s, u))
            continue;
        if (!tap_staff_available(&s->staff[a], d, u))
            return false;
        if (u != t && c->busy[(size_t)a * (size_t)c->n_times + (size_t)(d * s->n_slots + u)] == BUSY_FREE)
            return false;
    }
    return true;
}

/* Qualified and free at (d, t), but without the hours for that slot. */
static bool out_of_hours_at(const pupil_case *c, const part_facts *f, int a, int d, int t)
{
    return qualified(c, f, a) && idle_at(c, a, d, t) && c->left[a] < c->s->slot_hours[t] - 1e-9;
}

static bool breaks_at(const pupil_case *c, const part_facts *f, int a, int d, int t)
{
    return qualified(c, f, a) && loses_break(c, a, d, t);
}

typedef bool (*adult_at_fn)(const pupil_case *c, const part_facts *f, int a, int d, int t);

/* Does test hold for adult a at some slot of the part? */
static bool at_some_slot(const pupil_case *c, const part_facts *f, int a, adult_at_fn test)
{
    for (int d = 0; d < c->s->n_days; d++)
        for (int t = 0; t < c->s->n_slots; t++)
            if (part_time(c, f, d, t) && test(c, f, a, d, t))
                return true;
    return false;
}

/* Slots of the part at which test holds for some adult. */
static int slots_where(const pupil_case *c, const part_facts *f, adult_at_fn test)
{
    int n = 0;
    for (int d = 0; d < c->s->n_days; d++)
        for (int t = 0; t < c->s->n_slots; t++) {
            bool any = false;
            for (int a = 0; a < c->s->n_staff && !any; a++)
                any = test(c, f, a, d, t);
            n += any && part_time(c, f, d, t);
        }
    return n;
}

static bool out_of_hours(const pupil_case *c, const part_facts *f, int a)
{
    return at_some_slot(c, f, a, out_of_hours_at);
}

/* Qualified, and free at some slot of the part only at the cost of the
 * day's break. */
static bool needs_break(const pupil_case *c, const part_facts *f, int a)
{
    return at_some_slot(c, f, a, breaks_at);
}

/* Slots of the short parts at which adult a is free (qualified or not). */
static int free_slots(const pupil_case *c, int a)
{
    int n = 0;
    for (int k = 0; k < c->n_parts; k++)
        for (int d = 0; d < c->s->n_days; d++)
            for (int t = 0; t < c->s->n_slots; t++)
                n += part_time(c, &c->parts[k], d, t) && free_at(c, a, d, t);
    return n;
}

static void add_skill(pupil_case *c, int skill)
{
    for (int k = 0; k < c->n_skills; k++)
        if (c->skills[k] == skill)
            return;
    if (c->n_skills < TAP_RELAX_MAX_SKILLS)
        c->skills[c->n_skills++] = skill;
}

/* Is the pupil placed at (d, t) in some other kind of support? */
static bool elsewhere(const pupil_case *c, const part_facts *f, int d, int t)
{
    tap_activity mine = f->need == NEED_IN_CLASS        ? TAP_ACT_IN_CLASS
                        : f->need == NEED_UNSTRUCTURED ? TAP_ACT_UNSTRUCTURED
                                                       : TAP_ACT_INTERVENTION;
    for (int i = 0; i < c->plan->n_assignments; i++) {
        const tap_assignment *a = &c->plan->assignments[i];
        bool same = a->activity == mine && (mine != TAP_ACT_INTERVENTION || a->programme == f->programme);
        if (a->day == d && a->slot == t && !same && tap_assignment_serves(a, c->p))
            return true;
    }
    return false;
}

static void fill_facts(pupil_case *c, part_facts *f)
{
    const tap_school *s = c->s;
    for (int a = 0; a < s->n_staff; a++)
        f->n_qualified += qualified(c, f, a);
    const tap_pupil_figures *seen = &c->figures->pupils[c->p];
    for (int k = 0; k < seen->n_adults; k++)
        f->n_own_qualified += qualified(c, f, seen->adults[k]);
    for (int d = 0; d < s->n_days; d++)
        for (int t = 0; t < s->n_slots; t++) {
            if (!part_time(c, f, d, t))
                continue;
            f->n_times++;
            if (f->need < 0)
                f->possible += s->slot_hours[t];
            bool mine = false, other = false;
            for (int a = 0; a < s->n_staff; a++) {
                if (!free_at(c, a, d, t))
                    continue;
                if (qualified(c, f, a))
                    mine = true;
                else if (c->left[a] >= s->slot_hours[t] - 1e-9)
                    other = true;
            }
            f->n_free += mine;
            f->n_free_other += other;
        }
    if (f->need >= 0)
        f->possible = placeable_sessions(s, c->p, &s->programmes[f->programme]);
    f->own_free = f->possible;
    if (f->need >= 0) {
        /* one session a day: the days with a legal slot the pupil's other
         * support leaves free */
        int days = 0;
        for (int d = 0; d < s->n_days; d++) {
            bool free_slot = false;
            for (int t = 0; t < s->n_slots && !free_slot; t++)
                free_slot = part_time(c, f, d, t) && !elsewhere(c, f, d, t);
            days += free_slot;
        }
        f->own_free = fmin(f->possible, days);
    } else {
        /* the pupil is in one place at a time: slots of their other support are gone */
        f->own_free = 0;
        for (int d = 0; d < s->n_days; d++)
            for (int t = 0; t < s->n_slots; t++)
                if (part_time(c, f, d, t) && !elsewhere(c, f, d, t))
                    f->own_free += s->slot_hours[t];
    }
}

/* The pupil's short parts, what each needs, and the plan's use of time. */
static tap_status gather(pupil_case *c)
{
    const tap_school *s = c->s;
    const tap_pupil *pupil = &s->pupils[c->p];
    const tap_pupil_figures *f = &c->figures->pupils[c->p];
    c->n_times = s->n_days * s->n_slots;
    c->busy = calloc((size_t)s->n_staff * (size_t)c->n_times + 1, 1);
    c->left = calloc((size_t)s->n_staff + 1, sizeof *c->left);
    c->parts = calloc((size_t)pupil->n_interventions + 3, sizeof *c->parts);
    if (!c->busy || !c->left || !c->parts)
        return TAP_ENOMEM;
    for (int i = 0; i < c->plan->n_assignments; i++) {
        const tap_assignment *a = &c->plan->assignments[i];
        if (a->staff < 0 || a->staff >= s->n_staff || a->day < 0 || a->day >= s->n_days || a->slot < 0 ||
            a->slot >= s->n_slots)
            continue;
        unsigned char what = a->activity == TAP_ACT_PLANNING ? BUSY_PLANNING : BUSY_OTHERS;
        for (int k = 0; k < a->n_pupils && what == BUSY_OTHERS; k++)
            if (a->pupils[k] == c->p)
                what = BUSY_MINE;
        unsigned char *cell = &c->busy[(size_t)a->staff * (size_t)c->n_times + (size_t)(a->day * s->n_slots + a->slot)];
        if (what > *cell)
            *cell = what;
    }
    for (int a = 0; a < s->n_staff; a++)
        c->left[a] = s->staff[a].hours - c->figures->staff[a].contact_hours - c->figures->staff[a].planning_hours;
    for (int k = 0; k < pupil->n_skills; k++)
        add_skill(c, pupil->skills[k]);
    if (f->in_class_entitled - f->in_class_delivered > 1e-6)
        c->parts[c->n_parts++] = (part_facts){NEED_IN_CLASS, -1, f->in_class_entitled, f->in_class_delivered, 0, 0,
                                              0, 0, 0, 0, 0};
    for (int n = 0; n < f->n_interventions; n++)
        if (f->interventions[n].delivered < f->interventions[n].entitled) {
            int q = pupil->interventions[n].programme;
            c->parts[c->n_parts++] = (part_facts){n, q, f->interventions[n].entitled, f->interventions[n].delivered,
                                                  0, 0, 0, 0, 0, 0, 0};
            add_skill(c, s->programmes[q].skill);
        }
    if (f->unstructured_needed - f->unstructured_covered > 1e-6)
        c->parts[c->n_parts++] = (part_facts){NEED_UNSTRUCTURED, -1, f->unstructured_needed, f->unstructured_covered,
                                              0, 0, 0, 0, 0, 0, 0};
    for (int k = 0; k < c->n_parts; k++)
        fill_facts(c, &c->parts[k]);
    return TAP_OK;
}

static bool has_sessions_short(const pupil_case *c)
{
    for (int k = 0; k < c->n_parts; k++)
        if (c->parts[k].need >= 0)
            return true;
    return false;
}

static trial *new_trial(pupil_case *c, tap_relax_kind kind)
{
    trial *t = &c->trials[c->n_trials++];
    memset(t, 0, sizeof *t);
    t->change.kind = kind;
    t->change.staff = -1;
    t->change.day = -1;
    memcpy(t->change.skills, c->skills, sizeof c->skills);
    t->change.n_skills = c->n_skills;
    return t;
}

/* Adults for an adult's change, best first: free at most of the pupil's
 * slots, then the most hours left. */
static int pick_adults(const pupil_case *c, bool hours, int *chosen)
{
    const tap_school *s = c->s;
    int n = 0;
    int score[MAX_ADULT_TRIALS];
    double lesson = tap_relax_lesson_hours(s);
    for (int a = 0; a < s->n_staff; a++) {
        bool any_qualified = false;
        for (int k = 0; k < c->n_parts; k++)
            any_qualified |= qualified(c, &c->parts[k], a);
        bool holds_all = true;
        for (int k = 0; k < c->n_skills; k++)
            holds_all &= tap_staff_has_skill(&s->staff[a], c->skills[k]);
        /* more hours helps an adult who may help but has none left; new
         * skills help one who has hours but may not help */
        bool fits = hours ? any_qualified && c->left[a] < lesson - 1e-9
                          : !holds_all && c->left[a] >= lesson - 1e-9 && !s->staff[a].optional;
        int slots = fits ? free_slots(c, a) : 0;
        if (slots == 0)
            continue;
        int at = n < MAX_ADULT_TRIALS ? n++ : MAX_ADULT_TRIALS;
        while (at > 0 && (score[at - 1] < slots || (score[at - 1] == slots && c->left[chosen[at - 1]] < c->left[a]))) {
            if (at < MAX_ADULT_TRIALS)
                score[at] = score[at - 1], chosen[at] = chosen[at - 1];
            at--;
        }
        if (at < MAX_ADULT_TRIALS)
            score[at] = slots, chosen[at] = a;
    }
    return n;
}

static bool day_has_part_time(const pupil_case *c, int d)
{
    for (int k = 0; k < c->n_parts; k++)
        for (int t = 0; t < c->s->n_slots; t++)
            if (part_time(c, &c->parts[k], d, t))
                return true;
    return false;
}

/* The changes worth trying for this pupil, cheapest to make first. */
static void plan_trials(pupil_case *c)
{
    const tap_school *s = c->s;
    const tap_pupil *pupil = &s->pupils[c->p];
    new_trial(c, TAP_RELAX_NOTHING);
    if (has_sessions_short(c)) {
        if (s->policy.strengths == TAP_STRENGTHS_HARD && pupil->n_strengths > 0)
            new_trial(c, TAP_RELAX_STRENGTHS);
        new_trial(c, TAP_RELAX_WITHDRAWALS);
    }
    if (at_adult_limit(c->s, c->figures, c->p))
        new_trial(c, TAP_RELAX_CONTINUITY);
    bool hire_helps = false;
    for (int a = 0; a < s->n_staff; a++)
        hire_helps |= s->staff[a].optional && !c->figures->staff[a].employed &&
                      tap_staff_can_support(&s->staff[a], pupil);
    if (s->budget.has_weekly && hire_helps)
        new_trial(c, TAP_RELAX_BUDGET);
    bool break_binds = false;
    for (int a = 0; a < s->n_staff; a++)
        for (int k = 0; k < c->n_parts; k++)
            break_binds |= needs_break(c, &c->parts[k], a);
    if (break_binds)
        new_trial(c, TAP_RELAX_BREAK);
    int adults[MAX_ADULT_TRIALS];
    for (int pass = 0; pass < 2; pass++) {
        int n = pick_adults(c, pass == 0, adults);
        for (int i = 0; i < n; i++)
            new_trial(c, pass == 0 ? TAP_RELAX_HOURS : TAP_RELAX_SKILLS)->change.staff = adults[i];
    }
    for (int d = 0; d < s->n_days; d++)
        if (day_has_part_time(c, d))
            new_trial(c, TAP_RELAX_EXTRA_ADULT)->change.day = d;
}

static tap_status run_trials(pupil_case *c, tap_diags *diags)
{
    tap_relax_limits limits = {c->settings->resolve_limit_s > 0 ? c->settings->resolve_limit_s : 2.0,
                               c->settings->node_limit > 0 ? c->settings->node_limit : 500};
    clock_budget *budget = c->budget;
    for (int i = 0; i < c->n_trials; i++) {
        double now = tap_solve_clock();
        bool fits = isinf(budget->quickest) || now + budget->quickest <= budget->deadline;
        if (now > budget->deadline || !fits || (i > 0 && !c->trials[0].outcome.usable)) {
            c->complete = false;
            break;
        }
        /* GLPK gets what is left, and a trial it cut short is not a finding */
        tap_relax_limits trial_limits = limits;
        trial_limits.time_limit_s = fmax(0.01, fmin(limits.time_limit_s, budget->deadline - now));
        tap_status status = tap_relax_resolve(c->s, c->plan, c->p, &c->trials[i].change, &trial_limits,
                                              &c->trials[i].outcome, diags);
        if (status != TAP_OK)
            return status;
        budget->quickest = fmin(budget->quickest, tap_solve_clock() - now);
        if (trial_limits.time_limit_s < limits.time_limit_s && !c->trials[i].outcome.proven)
            c->complete = false;
        c->trials[i].ran = c->trials[i].outcome.usable;
        c->plan_broken |= i == 0 && !c->trials[0].ran;
    }
    if (!c->trials[0].ran)
        c->complete = false; /* nothing could be checked */
    return TAP_OK;
}

/* What the trial delivers of part k, in the part's unit. */
static double delivered(const trial *t, const part_facts *f)
{
    if (f->need == NEED_IN_CLASS)
        return t->outcome.in_class_hours;
    if (f->need == NEED_UNSTRUCTURED)
        return t->outcome.unstructured_hours;
    return t->outcome.sessions[f->need];
}

static int priority(tap_relax_kind kind)
{
    return (int)kind; /* the enum lists the changes in the order their reasons are named */
}

static tap_binding binding_of(tap_relax_kind kind)
{
    switch (kind) {
    case TAP_RELAX_STRENGTHS: return TAP_BINDS_STRENGTHS;
    case TAP_RELAX_WITHDRAWALS: return TAP_BINDS_WITHDRAWALS;
    case TAP_RELAX_CONTINUITY: return TAP_BINDS_CONTINUITY;
    case TAP_RELAX_BUDGET: return TAP_BINDS_BUDGET;
    case TAP_RELAX_HOURS: return TAP_BINDS_HOURS;
    case TAP_RELAX_BREAK: return TAP_BINDS_BREAK;
    case TAP_RELAX_SKILLS: return TAP_BINDS_SKILL;
    case TAP_RELAX_EXTRA_ADULT: return TAP_BINDS_BUSY;
    case TAP_RELAX_NOTHING: return TAP_BINDS_PLAN;
    }
    return TAP_BINDS_UNKNOWN;
}

/* The trial that gives part k the most, the first reason on ties; -1. */
static int best_trial_for(const pupil_case *c, const part_facts *f)
{
    const trial *base = &c->trials[0];
    int best = -1;
    double best_gain = 1e-6;
    for (int i = 1; i < c->n_trials; i++) {
        if (!c->trials[i].ran)
            continue;
        double gain = delivered(&c->trials[i], f) - delivered(base, f);
        if (gain > best_gain + 1e-9 ||
            (best >= 0 && fabs(gain - best_gain) <= 1e-9 &&
             priority(c->trials[i].change.kind) < priority(c->trials[best].change.kind))) {
            best = i;
            best_gain = gain;
        }
    }
    return best;
}

/* ---- the words ---- */

static void put_skills(tap_text *t, const tap_school *s, const int *skills, int n)
{
    for (int k = 0; k < n; k++)
        tap_text_printf(t, "%s%s", k == 0 ? "" : k == n - 1 ? " and " : ", ", s->skills[skills[k]].id);
}

/* The skills a part needs: the pupil's and the programme's. */
static int part_skills(const pupil_case *c, const part_facts *f, int *skills)
{
    const tap_pupil *pupil = &c->s->pupils[c->p];
    int n = 0;
    if (f->programme >= 0)
        skills[n++] = c->s->programmes[f->programme].skill;
    for (int k = 0; k < pupil->n_skills && n < TAP_RELAX_MAX_SKILLS; k++)
        if (f->programme < 0 || pupil->skills[k] != skills[0])
            skills[n++] = pupil->skills[k];
    return n;
}

/* "an adult trained in makaton" or "an adult who may support them". */
static void put_adult_kind(tap_text *t, const pupil_case *c, const part_facts *f)
{
    int skills[TAP_RELAX_MAX_SKILLS];
    int n = part_skills(c, f, skills);
    if (n == 0) {
        tap_text_put(t, "an adult");
        return;
    }
    tap_text_put(t, "an adult trained in ");
    put_skills(t, c->s, skills, n);
}

static void put_when(tap_text *t, const pupil_case *c, const part_facts *f)
{
    const char *id = c->s->pupils[c->p].id;
    if (f->need == NEED_IN_CLASS)
        tap_text_printf(t, "while %s is in a lesson that counts", id);
    else if (f->need == NEED_UNSTRUCTURED)
        tap_text_printf(t, "when %s needs cover", id);
    else
        tap_text_printf(t, "while %s is in a lesson they may be withdrawn from", id);
}

static void put_head(tap_text *t, const pupil_case *c, const part_facts *f)
{
    if (f->need == NEED_IN_CLASS)
        tap_text_printf(t, "in class %g of %g h", tap_shown(f->delivered), tap_shown(f->entitled));
    else if (f->need == NEED_UNSTRUCTURED)
        tap_text_printf(t, "unstructured cover %g of %g h", tap_shown(f->delivered), tap_shown(f->entitled));
    else
        tap_text_printf(t, "%g of %g %s sessions", f->delivered, f->entitled, c->s->programmes[f->programme].id);
}

/* Adults matching a test, "TA-A (20 of 20 h used), TA-B (...)", at most four. */
static int put_adults(tap_text *t, const pupil_case *c, const part_facts *f, bool (*test)(const pupil_case *,
                                                                                         const part_facts *, int))
{
    int n = 0;
    for (int a = 0; a < c->s->n_staff; a++) {
        if (!test(c, f, a))
            continue;
        if (n < 4)
        {
            tap_text_printf(t, "%s%s (", n ? ", " : "", c->s->staff[a].id);
            tap_text_number(t, c->s->staff[a].hours - c->left[a], 2);
            tap_text_put(t, " of ");
            tap_text_number(t, c->s->staff[a].hours, 2);
            char away[AWAY_TEXT_SIZE];
            tap_text_printf(t, " h used%s)", days_away(c->s, a, away));
        }
        else if (n == 4)
            tap_text_put(t, ", ...");
        n++;
    }
    return n;
}

static bool is_qualified(const pupil_case *c, const part_facts *f, int a)
{
    return qualified(c, f, a);
}

/* " (TA-A away Tue)": of the adults who could give the part, those away a
 * whole day, at most four; nothing when none is. */
static void put_qualified_away(tap_text *t, const pupil_case *c, const part_facts *f)
{
    int n = 0;
    for (int a = 0; a < c->s->n_staff && n < 4; a++) {
        char away[AWAY_TEXT_SIZE];
        if (!qualified(c, f, a) || !*days_away(c->s, a, away))
            continue;
        tap_text_printf(t, "%s%s%s", n++ ? "; " : " (", c->s->staff[a].id, away + 1); /* ", away Tue" less its comma */
    }
    if (n > 0)
        tap_text_put(t, ")");
}


static bool unaffordable_hire(const pupil_case *c, const part_facts *f, int a)
{
    return c->s->staff[a].optional && !c->figures->staff[a].employed && qualified(c, f, a);
}

static void put_strengths(tap_text *t, const tap_school *s, const tap_pupil *pupil)
{
    for (int k = 0; k < pupil->n_strengths; k++)
        tap_text_printf(t, "%s%s", k == 0 ? "" : k == pupil->n_strengths - 1 ? " or " : ", ",
                        s->subjects[pupil->strengths[k]].id);
}

static const char *plural(double n)
{
    return fabs(n - 1.0) < 1e-9 ? "" : "s";
}

/* The gain of a trial over the baseline (or over the plan itself, for
 * the baseline), part by part. */
static void put_gain(tap_text *t, const pupil_case *c, const trial *tr)
{
    int n = 0;
    for (int k = 0; k < c->n_parts; k++) {
        const part_facts *f = &c->parts[k];
        double gain = delivered(tr, f) - (tr == &c->trials[0] ? f->delivered : delivered(&c->trials[0], f));
        if (gain <= 1e-6)
            continue;
        tap_text_put(t, n++ ? ", " : "");
        if (f->need == NEED_IN_CLASS)
            tap_text_printf(t, "%g h more in class", tap_shown(gain));
        else if (f->need == NEED_UNSTRUCTURED)
            tap_text_printf(t, "%g h more unstructured cover", tap_shown(gain));
        else
            tap_text_printf(t, "%g more %s session%s", gain, c->s->programmes[f->programme].id, plural(gain));
    }
}

static void put_binding(tap_text *t, const pupil_case *c, const part_facts *f, tap_binding binds)
{
    const tap_school *s = c->s;
    const tap_pupil *pupil = &s->pupils[c->p];
    int skills[TAP_RELAX_MAX_SKILLS];
    int n_skills = part_skills(c, f, skills);
    switch (binds) {
    case TAP_BINDS_SKILL:
        if (f->n_qualified == 0) {
            tap_text_put(t, "needs ");
            put_skills(t, s, skills, n_skills);
            tap_text_put(t, n_skills > 1 ? ", and no adult holds all of them" : ", and no adult holds it");
        } else {
            tap_text_printf(t, "only %d adult%s hold%s ", f->n_qualified, plural(f->n_qualified),
                            f->n_qualified == 1 ? "s" : "");
            put_skills(t, s, skills, n_skills);
            tap_text_put(t, ": ");
            put_adults(t, c, f, is_qualified);
            tap_text_printf(t, ", free at %d of the %d slot%s ", f->n_free, f->n_times, plural(f->n_times));
            put_when(t, c, f);
            tap_text_printf(t, "; other adults are free at %d of them", f->n_free_other);
        }
        break;
    case TAP_BINDS_STRENGTHS:
        tap_text_printf(t, "strength protection leaves room for %g session%s a week (never withdrawn from ",
                        f->possible, plural(f->possible));
        put_strengths(t, s, pupil);
        tap_text_put(t, ")");
        break;
    case TAP_BINDS_WITHDRAWALS:
        tap_text_printf(t, "at most %d withdrawal%s a week from one subject (max_withdrawals_per_subject) leaves room "
                           "for %g",
                        s->policy.max_withdrawals_per_subject, plural(s->policy.max_withdrawals_per_subject),
                        f->possible);
        break;
    case TAP_BINDS_RULES:
        tap_text_printf(t, "the withdrawal rules leave room for %g a week (one a day", f->possible);
        if (f->programme >= 0 && s->programmes[f->programme].n_subjects_from > 0) {
            const tap_programme *q = &s->programmes[f->programme];
            tap_text_put(t, ", only from ");
            for (int k = 0; k < q->n_subjects_from; k++)
                tap_text_printf(t, "%s%s", k ? ", " : "", s->subjects[q->subjects_from[k]].id);
        }
        if (pupil->n_strengths > 0) {
            tap_text_put(t, ", never from ");
            put_strengths(t, s, pupil);
        }
        tap_text_printf(t, ", at most %d from one subject)", s->policy.max_withdrawals_per_subject);
        break;
    case TAP_BINDS_TIMETABLE:
        tap_text_printf(t, "their timetable has only %g h of lessons in the subjects that count", tap_shown(f->possible));
        break;
    case TAP_BINDS_CONTINUITY:
        tap_text_printf(t, "already seen by %d adult%s, the most the policy allows (max_adults_per_pupil: %d), ",
                        c->figures->pupils[c->p].n_adults, plural(c->figures->pupils[c->p].n_adults),
                        s->policy.max_adults_per_pupil);
        if (f->n_own_qualified == 0) {
            tap_text_put(t, "and none of them is trained in ");
            put_skills(t, s, skills, n_skills);
        } else {
            tap_text_put(t, "who are busy or away at the other slots");
        }
        break;
    case TAP_BINDS_BUDGET:
        tap_text_printf(t, "the weekly budget of %.2f (the staff employed cost %.2f) does not pay for a possible "
                           "hire who could give it: ",
                        s->budget.weekly, c->figures->summary.weekly_cost);
        for (int a = 0, n = 0; a < s->n_staff; a++)
            if (unaffordable_hire(c, f, a))
                tap_text_printf(t, "%s%s (%g h, %.2f a week)", n++ ? ", " : "", s->staff[a].id, tap_shown(s->staff[a].hours),
                                s->staff[a].hours * s->staff[a].cost_per_hour);
        break;
    case TAP_BINDS_HOURS:
        put_adults(t, c, f, out_of_hours);
        tap_text_printf(t, ": free at %d of the %d slot%s ", slots_where(c, f, out_of_hours_at), f->n_times,
                        plural(f->n_times));
        put_when(t, c, f);
        tap_text_put(t, ", but without the contracted hours left");
        break;
    case TAP_BINDS_BREAK:
        put_adults(t, c, f, needs_break);
        tap_text_printf(t, ": free at %d of the %d slot%s ", slots_where(c, f, breaks_at), f->n_times,
                        plural(f->n_times));
        put_when(t, c, f);
        tap_text_printf(t, ", but only by giving up that day's break (policy break_minutes: %d)",
                        s->policy.break_minutes);
        break;
    case TAP_BINDS_BUSY:
        if (f->n_free == 0)
            tap_text_put(t, "no slot a week has ");
        else
            tap_text_printf(t, "only %d slot%s a week %s ", f->n_free, plural(f->n_free),
                            f->n_free == 1 ? "has" : "have");
        put_adult_kind(t, c, f);
        tap_text_put(t, " free ");
        put_when(t, c, f);
        put_qualified_away(t, c, f);
        break;
    case TAP_BINDS_PLAN:
        tap_text_printf(t, "the plan is not the best for %s: re-solving their support alone gives ", pupil->id);
        put_gain(t, c, &c->trials[0]);
        /* a replan moves only the absent days, so time would not help */
        tap_text_put(t, c->plan->replanned ? " (moving support on days the replan kept as they were)"
                                           : " (a longer solve would find it)");
        break;
    case TAP_BINDS_OWN_TIME:
        tap_text_printf(t, "their other support fills the slots they could have it, leaving room for %g %s (a pupil "
                           "is in one place at a time)",
                        tap_shown(f->own_free), f->need >= 0 ? "sessions" : "h");
        break;
    case TAP_BINDS_UNKNOWN:
        if (!c->trials[0].ran) { /* nothing re-solved: what the counts show */
            if (n_skills == 0) {
                tap_text_put(t, "the adults who may support them");
            } else {
                tap_text_put(t, "the adults trained in ");
                put_skills(t, s, skills, n_skills);
            }
            tap_text_put(t, f->need == NEED_UNSTRUCTURED ? " are on other duties or away " : " are fully used or busy ");
            put_when(t, c, f);
            tap_text_put(t, ": ");
            put_adults(t, c, f, is_qualified);
        } else {
            tap_text_put(t, c->complete ? "no single change taplan tried gives more: the rules bind together"
                                        : "not found: no change tried in the time gives more");
        }
        break;
    }
}

/* The reason for one part: the relaxation that gives it most, or what
 * counting alone shows when none does (or none could run). */
static tap_status explain_part(pupil_case *c, const part_facts *f, tap_arena *arena, tap_part_reason *out)
{
    int best = c->trials[0].ran ? best_trial_for(c, f) : -1;
    tap_binding binds;
    bool short_by_rules = f->possible < f->entitled - 1e-9;
    if (f->n_qualified == 0)
        binds = TAP_BINDS_SKILL; /* the most basic cause, whatever else would also help */
    else if (best >= 0)
        binds = binding_of(c->trials[best].change.kind);
    else if (short_by_rules)
        binds = f->need == NEED_IN_CLASS ? TAP_BINDS_TIMETABLE : TAP_BINDS_RULES;
    else if (c->trials[0].ran && delivered(&c->trials[0], f) > f->delivered + 1e-6)
        binds = TAP_BINDS_PLAN;
    else if (at_adult_limit(c->s, c->figures, c->p) && f->n_own_qualified == 0)
        binds = TAP_BINDS_CONTINUITY; /* only a new adult could give it, and the limit allows none */
    else if (f->own_free < f->entitled - 1e-9)
        binds = TAP_BINDS_OWN_TIME;
    else if (f->n_free == 0)
        binds = TAP_BINDS_BUSY;
    else
        binds = TAP_BINDS_UNKNOWN;
    tap_text t = tap_text_empty(0);
    put_head(&t, c, f);
    tap_text_put(&t, ": ");
    put_binding(&t, c, f, binds);
    /* a second limit behind the first: the pupil's own timetable or rules */
    if (short_by_rules && binds != TAP_BINDS_TIMETABLE && binds != TAP_BINDS_RULES &&
        binds != TAP_BINDS_STRENGTHS && binds != TAP_BINDS_WITHDRAWALS) {
        tap_text_put(&t, "; and ");
        put_binding(&t, c, f, f->need == NEED_IN_CLASS ? TAP_BINDS_TIMETABLE : TAP_BINDS_RULES);
    }
    char *text = tap_text_take(&t);
    out->need = f->need;
    out->binds = binds;
    out->checked = best >= 0 || binds == TAP_BINDS_PLAN;
    out->text = text ? tap_arena_strdup(arena, text) : NULL;
    free(text);
    return out->text ? TAP_OK : TAP_ENOMEM;
}

static void put_change(tap_text *t, const pupil_case *c, const trial *tr)
{
    const tap_school *s = c->s;
    const tap_policy *policy = &s->policy;
    const tap_relaxation *change = &tr->change;
    double lesson = tap_relax_lesson_hours(s);
    switch (change->kind) {
    case TAP_RELAX_NOTHING:
    case TAP_RELAX_BREAK: break;
    case TAP_RELAX_STRENGTHS: tap_text_put(t, "allowing withdrawals from strength subjects (policy strengths: soft)"); break;
    case TAP_RELAX_WITHDRAWALS:
        tap_text_printf(t, "allowing %d withdrawals a week from one subject (policy max_withdrawals_per_subject: %d)",
                        policy->max_withdrawals_per_subject + 1, policy->max_withdrawals_per_subject + 1);
        break;
    case TAP_RELAX_CONTINUITY:
        tap_text_printf(t, "allowing %d adults per pupil (policy max_adults_per_pupil: %d)",
                        policy->max_adults_per_pupil + 1, policy->max_adults_per_pupil + 1);
        break;
    case TAP_RELAX_BUDGET:
        if (tr->outcome.hired >= 0) {
            const tap_staff *hire = &s->staff[tr->outcome.hired];
            tap_text_printf(t, "raising the weekly budget from %.2f to %.2f to hire %s", s->budget.weekly,
                            c->figures->summary.weekly_cost + hire->hours * hire->cost_per_hour, hire->id);
        } else {
            tap_text_put(t, "lifting the weekly budget");
        }
        break;
    case TAP_RELAX_HOURS:
        tap_text_printf(t, "%g more contracted hour%s for %s (%g h instead of %g)", tap_shown(lesson),
                        plural(tap_shown(lesson)), s->staff[change->staff].id,
                        tap_shown(s->staff[change->staff].hours + lesson), tap_shown(s->staff[change->staff].hours));
        break;
    case TAP_RELAX_SKILLS: {
        const tap_staff *adult = &s->staff[change->staff];
        int missing[TAP_RELAX_MAX_SKILLS], n = 0;
        for (int k = 0; k < change->n_skills; k++)
            if (!tap_staff_has_skill(adult, change->skills[k]))
                missing[n++] = change->skills[k];
        tap_text_printf(t, "training %s in ", adult->id);
        put_skills(t, s, missing, n);
        break;
    }
    case TAP_RELAX_EXTRA_ADULT:
        tap_text_printf(t, "%g more hour%s of an adult", tap_shown(lesson), plural(tap_shown(lesson)));
        if (change->n_skills > 0) {
            tap_text_put(t, " trained in ");
            put_skills(t, s, change->skills, change->n_skills);
        }
        tap_text_printf(t, " on %s", s->days[change->day].id);
        if (tr->outcome.extra_slot >= 0)
            tap_text_printf(t, " (%s)", s->slots[tr->outcome.extra_slot].id);
        break;
    }
    tap_text_put(t, ", which gives ");
    if (tr->outcome.shortfall_hours <= 1e-6)
        tap_text_printf(t, "%s their whole entitlement (", s->pupils[c->p].id);
    put_gain(t, c, tr);
    if (tr->outcome.shortfall_hours <= 1e-6)
        tap_text_put(t, ")");
    tap_text_put(t, "; checked by re-solving with every other pupil's support held");
}

/* The change that removes the most shortfall, the first reason on ties. */
static int best_change(const pupil_case *c)
{
    int best = -1;
    double best_gain = 1e-6;
    for (int i = 1; i < c->n_trials; i++) {
        if (!c->trials[i].ran || c->trials[i].change.kind == TAP_RELAX_BREAK)
            continue; /* a break is a welfare rule: it names a reason, it is not advice */
        double gain = c->trials[0].outcome.shortfall_hours - c->trials[i].outcome.shortfall_hours;
        if (gain > best_gain + 1e-9) {
            best = i;
            best_gain = gain;
        }
    }
    return best;
}

static char *arena_text(tap_arena *arena, tap_text *t)
{
    char *text = tap_text_take(t);
    char *copy = text ? tap_arena_strdup(arena, text) : NULL;
    free(text);
    return copy;
}

static tap_status describe(pupil_case *c, tap_arena *arena, tap_explanation *out)
{
    out->parts = tap_arena_calloc(arena, (size_t)c->n_parts + 1, sizeof *out->parts);
    if (!out->parts)
        return TAP_ENOMEM;
    tap_text summary = tap_text_empty(0);
    for (int k = 0; k < c->n_parts; k++) {
        tap_status status = explain_part(c, &c->parts[k], arena, &out->parts[k]);
        if (status != TAP_OK) {
            tap_text_free(&summary);
            return status;
        }
        out->n_parts++;
        tap_text_printf(&summary, "%s%s", k ? "; " : "", out->parts[k].text);
    }
    int best = best_change(c);
    double plan_gain = c->trials[0].ran ? out->shortfall_hours - c->trials[0].outcome.shortfall_hours : 0.0;
    if (best < 0 && plan_gain > 1e-6) {
        tap_text change = tap_text_empty(0);
        tap_text_put(&change, c->plan->replanned ? "moving support on days the replan kept as they were, which gives "
                                                 : "a longer solve (taplan solve --time-limit), which gives ");
        put_gain(&change, c, &c->trials[0]);
        tap_text_put(&change, "; checked by re-solving their support with every other pupil's held");
        out->change = arena_text(arena, &change);
        if (!out->change) {
            tap_text_free(&summary);
            return TAP_ENOMEM;
        }
        out->change_hours = plan_gain;
        tap_text_printf(&summary, ". Would help most: %s", out->change);
    } else if (best >= 0) {
        tap_text change = tap_text_empty(0);
        put_change(&change, c, &c->trials[best]);
        out->change = arena_text(arena, &change);
        if (!out->change) {
            tap_text_free(&summary);
            return TAP_ENOMEM;
        }
        out->change_hours = c->trials[0].outcome.shortfall_hours - c->trials[best].outcome.shortfall_hours;
        tap_text_printf(&summary, ". Would help most: %s", out->change);
    } else if (c->complete) {
        tap_text_put(&summary, ". No single change taplan tried helps");
    }
    out->note = c->complete        ? NULL
                : c->plan_broken   ? "not checked: the plan does not keep every rule; run taplan verify"
                : c->trials[0].ran ? "the time ran out before every change was tried"
                                   : "not checked: the time ran out";
    if (out->note)
        tap_text_printf(&summary, " (%s)", out->note);
    out->summary = arena_text(arena, &summary);
    return out->summary ? TAP_OK : TAP_ENOMEM;
}

static void case_release(pupil_case *c)
{
    for (int i = 0; i < c->n_trials; i++)
        tap_relax_outcome_release(&c->trials[i].outcome);
    free(c->trials);
    free(c->busy);
    free(c->left);
    free(c->parts);
    tap_figures_destroy(&c->figures);
}

static tap_status explain_until(const tap_school *school, const tap_plan *plan, int pupil,
                                const tap_explain_settings *settings, clock_budget *budget, tap_arena *arena,
                                tap_explanation *out, tap_diags *diags)
{
    memset(out, 0, sizeof *out);
    out->pupil = pupil;
    out->complete = true;
    pupil_case c = {0};
    c.s = school, c.plan = plan, c.settings = settings, c.p = pupil, c.complete = true, c.budget = budget;
    tap_status status = tap_figures_compute(school, plan, &c.figures);
    if (status == TAP_OK && (!c.figures->pupils[pupil].listed || c.figures->pupils[pupil].shortfall_hours <= 1e-6)) {
        case_release(&c);
        return TAP_OK;
    }
    out->shortfall_hours = status == TAP_OK ? c.figures->pupils[pupil].shortfall_hours : 0.0;
    if (status == TAP_OK)
        status = gather(&c);
    /* nothing, two policy keys, continuity, budget, break, adults twice, days */
    int most = 6 + 2 * MAX_ADULT_TRIALS + school->n_days;
    c.trials = status == TAP_OK ? calloc((size_t)most + 1, sizeof *c.trials) : NULL;
    if (status == TAP_OK && !c.trials)
        status = TAP_ENOMEM;
    if (status == TAP_OK) {
        plan_trials(&c);
        status = run_trials(&c, diags);
    }
    if (status == TAP_OK) {
        out->complete = c.complete;
        status = describe(&c, arena, out);
    }
    case_release(&c);
    return status;
}

static clock_budget budget_of(const tap_explain_settings *settings)
{
    double limit = settings->time_limit_s > 0 ? settings->time_limit_s : 30.0;
    clock_budget budget = {settings->deadline > 0 ? settings->deadline : tap_solve_clock() + limit, HUGE_VAL};
    return budget;
}

tap_status tap_explain_pupil(const tap_school *school, const tap_plan *plan, int pupil,
                             const tap_explain_settings *settings, tap_arena *arena, tap_explanation *out,
                             tap_diags *diags)
{
    clock_budget budget = budget_of(settings);
    return explain_until(school, plan, pupil, settings, &budget, arena, out, diags);
}

int tap_explain_order(const tap_school *school, const tap_figures *figures, int *order)
{
    int n = 0;
    for (int pass = 0; pass < 2; pass++)
        for (int p = 0; p < school->n_pupils; p++) {
            const tap_pupil_figures *f = &figures->pupils[p];
            if (!f->listed || f->shortfall_hours <= 1e-6 || (school->pupils[p].plan == TAP_PLAN_EHCP) != (pass == 0))
                continue;
            int at = n++;
            while (at > 0 && school->pupils[order[at - 1]].plan == school->pupils[p].plan &&
                   figures->pupils[order[at - 1]].shortfall_hours < f->shortfall_hours - 1e-6) {
                order[at] = order[at - 1];
                at--;
            }
            order[at] = p;
        }
    return n;
}

tap_status tap_explain_worst(const tap_school *school, tap_plan *plan, int max_pupils,
                             const tap_explain_settings *settings, tap_diags *diags)
{
    tap_figures *figures = NULL;
    tap_status status = tap_figures_compute(school, plan, &figures);
    int *order = status == TAP_OK ? malloc(((size_t)school->n_pupils + 1) * sizeof *order) : NULL;
    if (status == TAP_OK && !order)
        status = TAP_ENOMEM;
    int n = status == TAP_OK ? tap_explain_order(school, figures, order) : 0;
    tap_figures_destroy(&figures);
    if (status == TAP_OK && !plan->pupil_reasons)
        status = tap_explain_shortfalls(school, plan);
    clock_budget budget = budget_of(settings);
    for (int i = 0; status == TAP_OK && i < n && i < max_pupils && tap_solve_clock() < budget.deadline; i++) {
        tap_explanation explanation;
        status = explain_until(school, plan, order[i], settings, &budget, &plan->arena, &explanation, diags);
        if (status == TAP_OK && explanation.summary && order[i] < plan->n_pupil_reasons)
            plan->pupil_reasons[order[i]] = explanation.summary;
    }
    free(order);
    return status;
}
