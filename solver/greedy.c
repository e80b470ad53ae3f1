/* greedy.c - a quick plan that obeys every hard rule, handed to GLPK as its
 * first incumbent so branch-and-cut starts from a good plan rather than
 * from nothing. Statutory pupils first, the most constrained pupils and
 * needs first; with teams, each pupil's adults are chosen before their
 * support is placed; support opens where pupils still to come could share
 * it; then a repair hands over what stands in the way of a pupil still
 * short (docs/model.md). It never hires, so the budget holds whenever any
 * plan does. */
#include "greedy.h"

#include "../base/bits.h"

#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

typedef struct {
    int staff, day, slot;
    tap_activity activity;
    int lesson;    /* in_class */
    int programme; /* intervention */
    double share;  /* pupils' shares in use (1/ratio each), or head count */
    int first;     /* member list in the pool */
    /* hand_off of this activity with 1 or 2 links failed when the state
     * was at version failed_at[links - 1] - 1 (0: never), with
     * failed_handed[links - 1] hand-overs made */
    unsigned long failed_at[2];
    int failed_handed[2];
} activity;

typedef struct {
    int pupil;
    int next;
} member;

/* The repair hands an activity to an adult who is free, or who is freed
 * by handing what they do then on to a third: chains of at most this
 * many hand-overs. */
#define CHAIN_MOST 2

/* Hand-overs one attempt may make: a chain for each slot of the week
 * (a bound on the repair's work). */
#define HANDED_MAX (CHAIN_MOST * TAP_MAX_DAYS * TAP_MAX_SLOTS + 1)

typedef struct {
    const tap_school *s;
    int n_times;
    activity *activities;
    int n_activities, cap_activities;
    member *members;
    int n_members, cap_members;
    int *staff_at;    /* [a][time]: activity or -1 */
    uint64_t *idle;   /* [time][word]: bit a set while staff_at[a][time] is -1 */
    uint64_t *doing;  /* [what][word]: bit a set while a does what (doing_key) */
    int n_words;      /* words of a time's bits */
    uint64_t *takers; /* [links][word] scratch: who could take over the activity a
                       * hand-off of that chain length is handing */
    uint64_t *holders; /* [programme][word]: bit a set when a holds its skill */
    uint64_t *supporters; /* [p][word]: bit a set when a holds all of p's skills */
    uint64_t *candidates; /* [word] scratch: whom place_making_room asks */
    int *pupil_at;    /* [p][time]: the pupil's activity then, or -1 */
    double *hours_left;
    int *supports;    /* [p][a]: assignments of a with p (linked while > 0) */
    uint64_t *linked; /* [p][word]: bit a set while supports[p][a] > 0 */
    int *n_links;     /* [p] */
    int *withdrawals; /* [p][subject] */
    bool *hired;      /* [a]: a possible hire the seed employs */
    double *in_class; /* [p]: in-class hours given so far */
    int *sessions;    /* [p][programme]: sessions given so far */
    bool *session_on; /* [p][programme][day]: a session that day already */
    bool *team;       /* [a]: the adults chosen for the pupil being placed */
    bool *covered;    /* [need] scratch: the team holds the programme's skill (needs are distinct programmes) */
    int *room_join;   /* [a] scratch of count_room: lessons where a could be joined */
    int *room_free;   /* [a] scratch of count_room: lessons where a is free */
    int week_pupil;   /* whose lessons week_* hold (week_of), -1 before any */
    int n_week;
    int *week_time, *week_lesson; /* [n_times] */
    bool *week_strength;          /* [n_times]: the lesson is in one of the pupil's strengths */
    bool teams;       /* teams are chosen before support is placed */
    tap_plan_kind only; /* the pupils placed: of this plan, or all with one (TAP_PLAN_NONE) */
    bool *specialist; /* [a]: holds a skill of a programme some pupil needs */
    int *wanting;     /* [n_pupils] scratch: pupils still wanting sessions of one programme */
    int *needing;     /* the pupils placed who are entitled to sessions of each programme,
                       * ascending, those of q from needing_from[q] to needing_from[q + 1] */
    int *needing_from; /* [n_programmes + 1] */
    int *need_from;   /* [n_pupils]: the pupil's first need in `withdrawable` */
    int time_words;   /* words of a need's row of times */
    uint64_t *withdrawable; /* [need][time word]: bit time set when the pupil may be
                             * withdrawn then for that need's programme (rules that
                             * never change: subjects_from, strengths) */
    bool trailing;    /* changes are remembered, to be taken back (swap) */
    struct trail_entry *trail;
    int n_trail, cap_trail;
    long budget;      /* adults the repair may still consider */
    unsigned long version; /* counts the changes to the state, taken back too */
    int n_handed;     /* hand-overs of the repair's attempt so far */
    bool failed;
} greedy;

static bool grow(void **array, int *capacity, int need, size_t size)
{
    if (need <= *capacity)
        return true;
    int grown = *capacity ? *capacity * 2 : 64;
    void *bigger = realloc(*array, (size_t)grown * size);
    if (!bigger)
        return false;
    *array = bigger;
    *capacity = grown;
    return true;
}

/* ---- the trail: changes remembered so that a trial can be taken back ----
 *
 * Every change to the state above goes through the setters below. While
 * the greedy is trailing, each remembers the cell's old value (by array
 * and index: the activity and member arrays may move as they grow), and
 * undo_trail() puts them back, latest first. */
typedef enum {
    CELL_STAFF_AT, CELL_PUPIL_AT, CELL_SUPPORTS, CELL_N_LINKS, CELL_WITHDRAWALS, CELL_SESSIONS, /* int */
    CELL_ACT_STAFF, CELL_ACT_FIRST, CELL_MEMBER_NEXT, CELL_N_ACTIVITIES, CELL_N_MEMBERS,        /* int */
    CELL_HOURS_LEFT, CELL_IN_CLASS, CELL_ACT_SHARE,                                             /* double */
    CELL_SESSION_ON                                                                             /* bool */
} cell;

struct trail_entry {
    cell what;
    int index;
    union {
        int i;
        double d;
        bool b;
    } old;
};

static int *int_cell(greedy *g, cell what, int index)
{
    switch (what) {
    case CELL_STAFF_AT: return &g->staff_at[index];
    case CELL_PUPIL_AT: return &g->pupil_at[index];
    case CELL_SUPPORTS: return &g->supports[index];
    case CELL_N_LINKS: return &g->n_links[index];
    case CELL_WITHDRAWALS: return &g->withdrawals[index];
    case CELL_SESSIONS: return &g->sessions[index];
    case CELL_ACT_STAFF: return &g->activities[index].staff;
    case CELL_ACT_FIRST: return &g->activities[index].first;
    case CELL_MEMBER_NEXT: return &g->members[index].next;
    case CELL_N_ACTIVITIES: return &g->n_activities;
    default: return &g->n_members;
    }
}

static double *double_cell(greedy *g, cell what, int index)
{
    return what == CELL_HOURS_LEFT ? &g->hours_left[index]
           : what == CELL_IN_CLASS ? &g->in_class[index]
                                   : &g->activities[index].share;
}

static struct trail_entry *remember(greedy *g, cell what, int index)
{
    g->version++;
    if (!g->trailing)
        return NULL;
    if (!grow((void **)&g->trail, &g->cap_trail, g->n_trail + 1, sizeof *g->trail)) {
        g->failed = true;
        return NULL;
    }
    struct trail_entry *e = &g->trail[g->n_trail++];
    e->what = what;
    e->index = index;
    return e;
}

/* What an adult does at a time, as a key into g->doing: a lesson, a
 * programme's session at a time, or unstructured duty at a time; -1 for
 * planning. Pupils join adults doing what they want (pick_joiner). */
static int doing_key(const greedy *g, tap_activity kind, int lesson, int programme, int time)
{
    const tap_school *s = g->s;
    switch (kind) {
    case TAP_ACT_IN_CLASS: return lesson;
    case TAP_ACT_INTERVENTION: return s->n_lessons + programme * g->n_times + time;
    case TAP_ACT_UNSTRUCTURED: return s->n_lessons + s->n_programmes * g->n_times + time;
    case TAP_ACT_PLANNING: break;
    }
    return -1;
}

static int doing_keys(const greedy *g)
{
    return g->s->n_lessons + (g->s->n_programmes + 1) * g->n_times;
}

/* Puts adult a's bit in the set of what activity id does. */
static void note_doing(greedy *g, int id, int a, bool on)
{
    const activity *act = &g->activities[id];
    int key = doing_key(g, act->activity, act->lesson, act->programme, act->day * g->s->n_slots + act->slot);
    if (key >= 0)
        tap_put_bit(&g->doing[(size_t)key * (size_t)g->n_words], a, on);
}

/* Keeps g->idle and g->doing in step with staff_at[index], which was
 * `was`. An activity's kind, lesson and programme never change, and its
 * record outlives every staff_at that names it (undo puts staff_at back
 * before the count of activities), so was's bit is found again. */
static void note_staff_at(greedy *g, int index, int was)
{
    int a = index / g->n_times, time = index % g->n_times;
    tap_put_bit(&g->idle[(size_t)time * (size_t)g->n_words], a, g->staff_at[index] < 0);
    if (was >= 0)
        note_doing(g, was, a, false);
    if (g->staff_at[index] >= 0)
        note_doing(g, g->staff_at[index], a, true);
}

/* Keeps g->linked in step with supports[index]. */
static void note_supports(greedy *g, int index)
{
    int p = index / g->s->n_staff, a = index % g->s->n_staff;
    tap_put_bit(&g->linked[(size_t)p * (size_t)g->n_words], a, g->supports[index] > 0);
}

/* The bit sets kept with a cell (idle, doing, linked adults); was is the
 * cell's value before, for int cells. */
static void note_cell(greedy *g, cell what, int index, int was)
{
    if (what == CELL_STAFF_AT)
        note_staff_at(g, index, was);
    else if (what == CELL_SUPPORTS)
        note_supports(g, index);
}

static void set_int(greedy *g, cell what, int index, int value)
{
    int *c = int_cell(g, what, index);
    struct trail_entry *e = remember(g, what, index);
    int was = *c;
    if (e)
        e->old.i = was;
    *c = value;
    note_cell(g, what, index, was);
}

static void set_double(greedy *g, cell what, int index, double value)
{
    double *c = double_cell(g, what, index);
    struct trail_entry *e = remember(g, what, index);
    if (e)
        e->old.d = *c;
    *c = value;
}

static void set_session_on(greedy *g, int index, bool value)
{
    struct trail_entry *e = remember(g, CELL_SESSION_ON, index);
    if (e)
        e->old.b = g->session_on[index];
    g->session_on[index] = value;
}

/* Takes back every change remembered after mark, latest first. */
static void undo_trail(greedy *g, int mark)
{
    g->version += g->n_trail > mark;
    while (g->n_trail > mark) {
        const struct trail_entry *e = &g->trail[--g->n_trail];
        int was = -1;
        if (e->what == CELL_SESSION_ON) {
            g->session_on[e->index] = e->old.b;
        } else if (e->what >= CELL_HOURS_LEFT) {
            *double_cell(g, e->what, e->index) = e->old.d;
        } else {
            was = *int_cell(g, e->what, e->index);
            *int_cell(g, e->what, e->index) = e->old.i;
        }
        note_cell(g, e->what, e->index, was);
    }
}

static int time_index(const greedy *g, int day, int slot)
{
    return day * g->s->n_slots + slot;
}

static bool pupil_busy(const greedy *g, int p, int time)
{
    return g->pupil_at[p * g->n_times + time] >= 0;
}

/* Would one more busy slot at (day, slot) leave the adult a break that day? */
static bool keeps_break(const greedy *g, int a, int day, int slot)
{
    const tap_school *s = g->s;
    int break_minutes = s->policy.break_minutes;
    if (tap_slot_minutes(&s->slots[slot]) < break_minutes)
        return true;
    for (int t = 0; t < s->n_slots; t++) {
        if (t == slot || tap_slot_minutes(&s->slots[t]) < break_minutes)
            continue;
        if (!tap_staff_available(&s->staff[a], day, t) || g->staff_at[a * g->n_times + time_index(g, day, t)] < 0)
            return true;
    }
    return false;
}

/* May adult a take on a new activity at (day, slot)? */
static bool adult_free(const greedy *g, int a, int day, int slot)
{
    const tap_staff *adult = &g->s->staff[a];
    return (!adult->optional || g->hired[a]) && tap_staff_available(adult, day, slot) &&
           g->staff_at[a * g->n_times + time_index(g, day, slot)] < 0 &&
           g->hours_left[a] >= g->s->slot_hours[slot] - 1e-9 && keeps_break(g, a, day, slot);
}

/* Every adult's bit set, in a row of g->n_words words. */
static void every_adult(const greedy *g, uint64_t *row)
{
    int n_staff = g->s->n_staff;
    for (int w = 0; w < g->n_words; w++)
        row[w] = w < n_staff / 64 ? ~UINT64_C(0) : ~(~UINT64_C(0) << (n_staff % 64));
}

/* g->supporters: for a pupil who needs no skill every adult, else those
 * holding all the pupil's skills. */
static void fill_supporters(greedy *g)
{
    const tap_school *s = g->s;
    for (int p = 0; p < s->n_pupils; p++) {
        uint64_t *row = &g->supporters[(size_t)p * (size_t)g->n_words];
        if (s->pupils[p].n_skills == 0)
            every_adult(g, row);
        for (int a = 0; s->pupils[p].n_skills > 0 && a < s->n_staff; a++)
            tap_put_bit(row, a, tap_staff_can_support(&s->staff[a], &s->pupils[p]));
    }
}

/* Does adult a hold every skill pupil p's support needs? */
static bool may_support(const greedy *g, int a, int p)
{
    return tap_has_bit(&g->supporters[(size_t)p * (size_t)g->n_words], a);
}

static bool may_link(const greedy *g, int p, int a)
{
    return g->supports[p * g->s->n_staff + a] > 0 || (g->n_links[p] < g->s->policy.max_adults_per_pupil && g->team[a]);
}

static int open_activity(greedy *g, int a, int day, int slot, tap_activity kind, int lesson, int programme)
{
    if (!grow((void **)&g->activities, &g->cap_activities, g->n_activities + 1, sizeof *g->activities)) {
        g->failed = true;
        return -1;
    }
    int id = g->n_activities;
    g->activities[id] = (activity){a, day, slot, kind, lesson, programme, 0.0, -1, {0, 0}, {0, 0}};
    set_int(g, CELL_N_ACTIVITIES, 0, id + 1);
    set_int(g, CELL_STAFF_AT, a * g->n_times + time_index(g, day, slot), id);
    set_double(g, CELL_HOURS_LEFT, a, g->hours_left[a] - g->s->slot_hours[slot]);
    return id;
}

/* One more (or one fewer) assignment of adult a with pupil p: the link
 * between them stands while any remains. */
static void add_support(greedy *g, int p, int a)
{
    int k = p * g->s->n_staff + a;
    set_int(g, CELL_SUPPORTS, k, g->supports[k] + 1);
    if (g->supports[k] == 1)
        set_int(g, CELL_N_LINKS, p, g->n_links[p] + 1);
}

static void drop_support(greedy *g, int p, int a)
{
    int k = p * g->s->n_staff + a;
    set_int(g, CELL_SUPPORTS, k, g->supports[k] - 1);
    if (g->supports[k] == 0)
        set_int(g, CELL_N_LINKS, p, g->n_links[p] - 1);
}

/* A pupil's share of one adult in an activity of this kind. */
static double share_of(const greedy *g, int p, tap_activity kind)
{
    const tap_pupil *pupil = &g->s->pupils[p];
    return kind == TAP_ACT_IN_CLASS ? 1.0 / pupil->ratio : kind == TAP_ACT_UNSTRUCTURED ? 1.0 / pupil->unstructured_ratio : 1.0;
}

static void join(greedy *g, int id, int p, double share)
{
    if (!grow((void **)&g->members, &g->cap_members, g->n_members + 1, sizeof *g->members)) {
        g->failed = true;
        return;
    }
    const activity *act = &g->activities[id];
    int m = g->n_members;
    g->members[m] = (member){p, act->first};
    set_int(g, CELL_N_MEMBERS, 0, m + 1);
    set_int(g, CELL_ACT_FIRST, id, m);
    set_double(g, CELL_ACT_SHARE, id, act->share + share);
    set_int(g, CELL_PUPIL_AT, p * g->n_times + time_index(g, act->day, act->slot), id);
    if (act->activity == TAP_ACT_IN_CLASS)
        set_double(g, CELL_IN_CLASS, p, g->in_class[p] + g->s->slot_hours[act->slot]);
    if (act->activity == TAP_ACT_INTERVENTION) {
        int k = p * g->s->n_programmes + act->programme;
        set_int(g, CELL_SESSIONS, k, g->sessions[k] + 1);
        set_session_on(g, k * g->s->n_days + act->day, true);
    }
    add_support(g, p, act->staff);
}

/* Takes pupil p out of activity id, the reverse of join; an activity left
 * with nobody gives its adult the slot back. */
static void leave(greedy *g, int id, int p)
{
    const tap_school *s = g->s;
    const activity *act = &g->activities[id];
    for (int m = act->first, before = -1; m >= 0; before = m, m = g->members[m].next)
        if (g->members[m].pupil == p) {
            if (before < 0)
                set_int(g, CELL_ACT_FIRST, id, g->members[m].next);
            else
                set_int(g, CELL_MEMBER_NEXT, before, g->members[m].next);
            break;
        }
    set_double(g, CELL_ACT_SHARE, id, act->share - share_of(g, p, act->activity));
    int time = time_index(g, act->day, act->slot);
    set_int(g, CELL_PUPIL_AT, p * g->n_times + time, -1);
    if (act->activity == TAP_ACT_IN_CLASS)
        set_double(g, CELL_IN_CLASS, p, g->in_class[p] - s->slot_hours[act->slot]);
    if (act->activity == TAP_ACT_INTERVENTION) {
        int k = p * s->n_programmes + act->programme;
        set_int(g, CELL_SESSIONS, k, g->sessions[k] - 1);
        set_session_on(g, k * s->n_days + act->day, false);
    }
    drop_support(g, p, act->staff);
    if (act->first < 0) {
        set_int(g, CELL_STAFF_AT, act->staff * g->n_times + time, -1);
        set_double(g, CELL_HOURS_LEFT, act->staff, g->hours_left[act->staff] + s->slot_hours[act->slot]);
    }
}

/* Adults in preference order for pupil p: those already linked, then the
 * least skilled (keeping specialists for those who need them). */
static int compare_adults(const greedy *g, int p, int a, int b)
{
    bool la = g->supports[p * g->s->n_staff + a] > 0, lb = g->supports[p * g->s->n_staff + b] > 0;
    int sa = g->s->staff[a].n_skills, sb = g->s->staff[b].n_skills;
    if (g->teams && sa != sb) /* the team bounds the links already */
        return sa < sb ? -1 : 1;
    if (la != lb)
        return la ? -1 : 1;
    if (sa != sb)
        return sa < sb ? -1 : 1;
    return a - b;
}

/* The adults idle at time, as a bit set. */
static const uint64_t *idle_at(const greedy *g, int time)
{
    return &g->idle[(size_t)time * (size_t)g->n_words];
}

/* Best adult for pupil p among those accept() admits, or -1; only the
 * adults in the bit set `among` can be admitted, so only they are asked,
 * in the same order as a walk over every adult. */
static int pick_adult(const greedy *g, int p, const uint64_t *among,
                      bool (*accept)(const greedy *, int, int, const void *), const void *ctx)
{
    int best = -1;
    for (int word = 0; among && word < g->n_words; word++)
        for (uint64_t bits = among[word]; bits; bits &= bits - 1) {
            int a = word * 64 + tap_lowest_bit(bits);
            if (may_link(g, p, a) && may_support(g, a, p) && accept(g, a, p, ctx) &&
                (best < 0 || compare_adults(g, p, a, best) < 0))
                best = a;
        }
    return best;
}

typedef struct {
    int day, slot, lesson, programme;
    double share;
    tap_activity kind;
} wanted;

/* An adult already doing what is wanted, with room for one more pupil. */
static bool accept_join(const greedy *g, int a, int p, const void *ctx)
{
    (void)p;
    const wanted *w = ctx;
    int id = g->staff_at[a * g->n_times + time_index(g, w->day, w->slot)];
    if (id < 0)
        return false;
    const activity *act = &g->activities[id];
    if (act->activity != w->kind || act->lesson != w->lesson || act->programme != w->programme)
        return false;
    double capacity = 1.0;
    if (w->kind == TAP_ACT_INTERVENTION)
        capacity = tap_staff_session_capacity(&g->s->staff[a], &g->s->programmes[w->programme]);
    return act->share + w->share <= capacity + 1e-9;
}

/* The adult to join for what is wanted: of those doing it, with room. */
static int pick_joiner(const greedy *g, int p, const wanted *w)
{
    int key = doing_key(g, w->kind, w->lesson, w->programme, time_index(g, w->day, w->slot));
    return pick_adult(g, p, key >= 0 ? &g->doing[(size_t)key * (size_t)g->n_words] : NULL, accept_join, w);
}

static bool accept_new(const greedy *g, int a, int p, const void *ctx)
{
    (void)p;
    const wanted *w = ctx;
    if (!adult_free(g, a, w->day, w->slot))
        return false;
    return w->kind != TAP_ACT_INTERVENTION || tap_staff_has_skill(&g->s->staff[a], g->s->programmes[w->programme].skill);
}

/* Places pupil p in the wanted activity, joining one if possible. */
static bool place(greedy *g, int p, const wanted *w)
{
    if (pupil_busy(g, p, time_index(g, w->day, w->slot)))
        return false;
    int a = pick_joiner(g, p, w);
    int id = a >= 0 ? g->staff_at[a * g->n_times + time_index(g, w->day, w->slot)] : -1;
    if (a < 0) {
        a = pick_adult(g, p, idle_at(g, time_index(g, w->day, w->slot)), accept_new, w);
        if (a < 0)
            return false;
        id = open_activity(g, a, w->day, w->slot, w->kind, w->lesson, w->programme);
        if (id < 0)
            return false;
    }
    join(g, id, p, w->share);
    return !g->failed;
}

/* Is pupil p one the greedy places: with a plan, of kind only unless that
 * is TAP_PLAN_NONE? */
static bool placed_here(const tap_school *s, int p, tap_plan_kind only)
{
    return s->pupils[p].plan != TAP_PLAN_NONE && (only == TAP_PLAN_NONE || s->pupils[p].plan == only);
}

/* A time to offer a pupil support at, ranked: the fewest conflicts (the
 * pupil's other needs it would take a subject from) first, then the most
 * partners (pupils who could share it later), then in the order of the
 * week. */
typedef struct {
    int time, lesson, conflicts, partners;
} choice;

static bool choice_before(const choice *a, const choice *b)
{
    if (a->conflicts != b->conflicts)
        return a->conflicts < b->conflicts;
    if (a->partners != b->partners)
        return a->partners > b->partners;
    return a->time < b->time;
}

/* In rank order. A week has a few dozen times, each at most once in the
 * list (so the order is total), and lists are sorted for every need and
 * lesson placed: insertion, inlined, is several times quicker here than
 * qsort's merge sort through a comparison function. */
static void sort_choices(choice *c, int n)
{
    for (int i = 1; i < n; i++) {
        choice x = c[i];
        int j = i;
        for (; j > 0 && choice_before(&x, &c[j - 1]); j--)
            c[j] = c[j - 1];
        c[j] = x;
    }
}

/* What of session_allowed never changes: the programme may take the
 * pupil from the lesson then, and it is not in one of their strengths
 * (never given up here, even when strengths are soft). */
static bool withdrawable(const tap_school *s, int p, int q, int day, int slot)
{
    if (!tap_model_may_withdraw(s, p, &s->programmes[q], day, slot))
        return false;
    int l = tap_pupil_lesson_at(s, p, day, slot);
    return l < 0 || !tap_pupil_has_strength(&s->pupils[p], s->lessons[l].subject);
}

/* g->withdrawable, for the needs of the pupils placed: asked for every
 * pupil who might join a session, at every slot, for every need of every
 * pupil placed, it was a sixth of a whole-model greedy. */
static bool list_withdrawable(greedy *g)
{
    const tap_school *s = g->s;
    g->need_from = malloc(((size_t)s->n_pupils + 1) * sizeof *g->need_from);
    int n_needs = 0;
    for (int p = 0; g->need_from && p < s->n_pupils; p++) {
        g->need_from[p] = n_needs;
        n_needs += s->pupils[p].n_interventions;
    }
    g->time_words = g->n_times / 64 + 1;
    g->withdrawable = calloc((size_t)n_needs * (size_t)g->time_words + 1, sizeof *g->withdrawable);
    if (!g->need_from || !g->withdrawable)
        return false;
    for (int p = 0; p < s->n_pupils; p++)
        for (int n = 0; placed_here(s, p, g->only) && n < s->pupils[p].n_interventions; n++)
            for (int time = 0; time < g->n_times; time++)
                if (withdrawable(s, p, s->pupils[p].interventions[n].programme, time / s->n_slots, time % s->n_slots))
                    tap_put_bit(&g->withdrawable[(size_t)(g->need_from[p] + n) * (size_t)g->time_words], time, true);
    return true;
}

/* May pupil p have a session of programme q at (day, slot), with the
 * lessons they already miss counted? */
static bool session_allowed(const greedy *g, int p, int q, int day, int slot)
{
    const tap_school *s = g->s;
    if (g->session_on[(p * s->n_programmes + q) * s->n_days + day])
        return false;
    int n = placed_here(s, p, g->only) ? tap_pupil_need_of(&s->pupils[p], q) : -1;
    if (n >= 0 ? !tap_has_bit(&g->withdrawable[(size_t)(g->need_from[p] + n) * (size_t)g->time_words],
                              time_index(g, day, slot))
               : !withdrawable(s, p, q, day, slot))
        return false;
    int l = tap_pupil_lesson_at(s, p, day, slot);
    return l < 0 || g->withdrawals[p * s->n_subjects + s->lessons[l].subject] < s->policy.max_withdrawals_per_subject;
}

/* One more (or, with delta -1, one fewer) session taking pupil p out of
 * their lesson at (day, slot), if they have one then. */
static void count_withdrawal(greedy *g, int p, int day, int slot, int delta)
{
    const tap_school *s = g->s;
    int l = tap_pupil_lesson_at(s, p, day, slot);
    if (l >= 0) {
        int k = p * s->n_subjects + s->lessons[l].subject;
        set_int(g, CELL_WITHDRAWALS, k, g->withdrawals[k] + delta);
    }
}

/* Sessions of programme q pupil p is entitled to and not yet given. */
static int sessions_wanted(const greedy *g, int p, int q)
{
    const tap_pupil *pupil = &g->s->pupils[p];
    int n = tap_pupil_need_of(pupil, q);
    return n >= 0 ? pupil->interventions[n].sessions - g->sessions[p * g->s->n_programmes + q] : 0;
}

/* Pupils the greedy places, other than p, who still want sessions of
 * programme q, into g->wanting; returns how many. */
static int wanting_sessions(greedy *g, int p, int q)
{
    int n = 0;
    for (int i = g->needing_from[q]; i < g->needing_from[q + 1]; i++)
        if (g->needing[i] != p && sessions_wanted(g, g->needing[i], q) > 0)
            g->wanting[n++] = g->needing[i];
    return n;
}

/* g->needing, the pupils of each programme: asking every pupil of the
 * roll, for each need of each pupil placed, was a tenth of a whole-model
 * greedy on the 2,000-pupil secondary. False on exhausted memory. */
static bool list_needing(greedy *g)
{
    const tap_school *s = g->s;
    int n = 0;
    for (int p = 0; p < s->n_pupils; p++)
        n += placed_here(s, p, g->only) ? s->pupils[p].n_interventions : 0;
    g->needing = malloc(((size_t)n + 1) * sizeof *g->needing);
    g->needing_from = malloc(((size_t)s->n_programmes + 1) * sizeof *g->needing_from);
    if (!g->needing || !g->needing_from)
        return false;
    n = 0;
    for (int q = 0; q < s->n_programmes; q++) {
        g->needing_from[q] = n;
        for (int p = 0; p < s->n_pupils; p++)
            if (placed_here(s, p, g->only) && tap_pupil_need_of(&s->pupils[p], q) >= 0)
                g->needing[n++] = p;
    }
    g->needing_from[s->n_programmes] = n;
    return true;
}

/* Of the n pupils in g->wanting, those who could attend a session of
 * programme q at (day, slot): a session opened there can fill up. */
static int session_partners(const greedy *g, int n, int q, int day, int slot)
{
    int partners = 0, time = time_index(g, day, slot);
    for (int i = 0; i < n; i++)
        partners += !pupil_busy(g, g->wanting[i], time) && session_allowed(g, g->wanting[i], q, day, slot);
    return partners;
}

/* The pupil's other needs, of programmes other than q with sessions still
 * wanted, that could withdraw them from the lesson at (day, slot) too, when
 * a session of q there would use up that subject's withdrawals: with one
 * withdrawal a subject, literacy taken from French leaves numeracy only
 * maths. */
static int withdrawal_conflicts(const greedy *g, int p, int q, int day, int slot)
{
    const tap_school *s = g->s;
    int l = tap_pupil_lesson_at(s, p, day, slot);
    if (l < 0 || g->withdrawals[p * s->n_subjects + s->lessons[l].subject] + 1 < s->policy.max_withdrawals_per_subject)
        return 0;
    const tap_pupil *pupil = &s->pupils[p];
    int n = 0;
    for (int i = 0; i < pupil->n_interventions; i++) {
        int other = pupil->interventions[i].programme;
        n += other != q && sessions_wanted(g, p, other) > 0 &&
             tap_model_may_withdraw(s, p, &s->programmes[other], day, slot);
    }
    return n;
}

/* Each need's sessions, one a day: first where a session of the programme
 * that p may join is running, then where most other pupils could join one
 * later (groups fill, and fewer adult hours go to sessions), then in the
 * order of the week; put() decides at each. */
static void place_sessions(greedy *g, int p, bool (*put)(greedy *, int, const wanted *))
{
    const tap_school *s = g->s;
    const tap_pupil *pupil = &s->pupils[p];
    choice choices[TAP_MAX_DAYS * TAP_MAX_SLOTS]; /* the first n_choices are used */
    for (int n = 0; n < pupil->n_interventions; n++) {
        int q = pupil->interventions[n].programme;
        int k = p * s->n_programmes + q; /* a seed may hold some already */
        if (g->sessions[k] >= pupil->interventions[n].sessions)
            continue;
        int n_choices = 0, n_wanting = wanting_sessions(g, p, q); /* unchanged until p is placed */
        for (int time = 0; time < g->n_times; time++) {
            int d = time / s->n_slots, t = time % s->n_slots;
            if (!session_allowed(g, p, q, d, t))
                continue;
            /* a time p is busy comes last: only the repair may take it,
             * in place of the support p has then */
            wanted w = {d, t, -1, q, 1.0, TAP_ACT_INTERVENTION};
            int rank = pupil_busy(g, p, time)        ? -1
                       : pick_joiner(g, p, &w) >= 0 ? s->n_pupils + 1
                                                     : session_partners(g, n_wanting, q, d, t);
            choices[n_choices++] = (choice){time, -1, withdrawal_conflicts(g, p, q, d, t), rank};
        }
        sort_choices(choices, n_choices);
        for (int i = 0; i < n_choices && g->sessions[k] < pupil->interventions[n].sessions; i++) {
            int d = choices[i].time / s->n_slots, t = choices[i].time % s->n_slots;
            if (!session_allowed(g, p, q, d, t)) /* a day taken, or a subject's withdrawals used */
                continue;
            wanted w = {d, t, -1, q, 1.0, TAP_ACT_INTERVENTION};
            if (put(g, p, &w))
                count_withdrawal(g, p, d, t, 1);
        }
    }
}

/* Sessions of programme q that adult a already runs with room, at times
 * pupil p could join them: a specialist who has a group going gives the
 * pupil a session at no extra hours. */
static int joinable_sessions(const greedy *g, int p, int q, int a)
{
    const tap_school *s = g->s;
    int n = 0;
    for (int time = 0; time < g->n_times; time++) {
        int d = time / s->n_slots, t = time % s->n_slots;
        wanted w = {d, t, -1, q, 1.0, TAP_ACT_INTERVENTION};
        n += !pupil_busy(g, p, time) && session_allowed(g, p, q, d, t) && accept_join(g, a, p, &w);
    }
    return n;
}

static void place_unstructured(greedy *g, int p, bool (*put)(greedy *, int, const wanted *))
{
    const tap_school *s = g->s;
    const tap_pupil *pupil = &s->pupils[p];
    for (int d = 0; d < s->n_days; d++)
        for (int t = 0; t < s->n_slots; t++)
            if ((pupil->unstructured_days >> d & 1u) && (pupil->unstructured_slots >> t & 1u) &&
                s->slots[t].kind == TAP_SLOT_UNSTRUCTURED) {
                wanted w = {d, t, -1, -1, share_of(g, p, TAP_ACT_UNSTRUCTURED), TAP_ACT_UNSTRUCTURED};
                put(g, p, &w);
            }
}

/* May pupil p still gain in-class support in lesson l at time? */
static bool wants_lesson(const greedy *g, int p, int l, int time)
{
    const tap_pupil *pupil = &g->s->pupils[p];
    return g->in_class[p] < pupil->in_class_hours - 1e-9 &&
           tap_pupil_counts_subject(pupil, g->s->lessons[l].subject) && !pupil_busy(g, p, time);
}

/* Pupils the greedy places, other than p, who could share an adult with p
 * in lesson l at time and still want support there: a lesson where p opens
 * support with such partners lets them join later at no adult hours. */
static int partners(const greedy *g, int p, int l, int time)
{
    const tap_school *s = g->s;
    double share = share_of(g, p, TAP_ACT_IN_CLASS);
    if (share > 0.5 + 1e-9)
        return 0;
    const tap_group *group = &s->groups[s->lessons[l].group];
    int n = 0;
    for (int i = 0; i < group->n_pupils; i++) {
        int q = group->pupils[i];
        n += q != p && placed_here(s, q, g->only) && share + share_of(g, q, TAP_ACT_IN_CLASS) <= 1.0 + 1e-9 &&
             wants_lesson(g, q, l, time);
    }
    return n;
}

/* Pupil p's lessons in the order of the week, in g->week_*: choose_team
 * and each_lesson ask for them five to seven times for each pupil
 * placed, in a row, and the timetable never changes. Read them before
 * anything that may place another pupil. */
static void week_of(greedy *g, int p)
{
    const tap_school *s = g->s;
    if (g->week_pupil == p)
        return;
    g->week_pupil = p;
    g->n_week = 0;
    for (int d = 0; d < s->n_days; d++)
        for (int t = 0; t < s->n_slots; t++) {
            int l = tap_pupil_lesson_at(s, p, d, t);
            if (l < 0)
                continue;
            g->week_time[g->n_week] = time_index(g, d, t);
            g->week_lesson[g->n_week] = l;
            g->week_strength[g->n_week++] = tap_pupil_has_strength(&s->pupils[p], s->lessons[l].subject);
        }
}

/* Offers put() each lesson of pupil p that counts, in strength subjects
 * or not, while they are short of in-class hours: those with the most
 * partners (above) first, then in the order of the week. */
static void each_lesson(greedy *g, int p, bool strengths, bool (*put)(greedy *, int, const wanted *))
{
    const tap_school *s = g->s;
    const tap_pupil *pupil = &s->pupils[p];
    choice choices[TAP_MAX_DAYS * TAP_MAX_SLOTS]; /* the first n are used */
    int n = 0;
    week_of(g, p);
    for (int i = 0; i < g->n_week; i++) {
        int l = g->week_lesson[i], time = g->week_time[i];
        if (g->week_strength[i] == strengths && wants_lesson(g, p, l, time))
            choices[n++] = (choice){time, l, 0, partners(g, p, l, time)};
    }
    sort_choices(choices, n);
    for (int i = 0; i < n && g->in_class[p] < pupil->in_class_hours - 1e-9; i++) {
        int d = choices[i].time / s->n_slots, t = choices[i].time % s->n_slots;
        if (pupil_busy(g, p, choices[i].time))
            continue;
        wanted w = {d, t, choices[i].lesson, -1, share_of(g, p, TAP_ACT_IN_CLASS), TAP_ACT_IN_CLASS};
        put(g, p, &w);
    }
}

/* Joins an adult already in the lesson with room, if there is one. */
static bool join_only(greedy *g, int p, const wanted *w)
{
    int a = pick_joiner(g, p, w);
    if (a >= 0)
        join(g, g->staff_at[a * g->n_times + time_index(g, w->day, w->slot)], p, w->share);
    return a >= 0 && !g->failed;
}

/* Non-strength lessons first: support in a strength costs independence;
 * within each, lessons where an adult already there has room first,
 * since sharing costs no adult hours. */
static void place_in_class(greedy *g, int p)
{
    for (int strengths = 0; strengths < 2; strengths++) {
        each_lesson(g, p, strengths, join_only);
        each_lesson(g, p, strengths, place);
    }
}

/* For each adult, at how many of the lessons that count for pupil p's
 * in-class support (p free then) they could still support p: joining
 * them there (into g->room_join) or free then (g->room_free). Only the
 * adults doing the lesson can be joined and only the idle can be free, so
 * only they are asked: a team is chosen for every pupil placed, and
 * asking every adult at every lesson was a tenth of a statutory draw on
 * the 2,000-pupil secondary. */
static void count_room(greedy *g, int p)
{
    const tap_school *s = g->s;
    memset(g->room_join, 0, (size_t)s->n_staff * sizeof *g->room_join);
    memset(g->room_free, 0, (size_t)s->n_staff * sizeof *g->room_free);
    week_of(g, p);
    for (int i = 0; i < g->n_week; i++) {
        int l = g->week_lesson[i], time = g->week_time[i], d = time / s->n_slots, t = time % s->n_slots;
        if (!tap_pupil_counts_subject(&s->pupils[p], s->lessons[l].subject) || pupil_busy(g, p, time))
            continue;
        wanted w = {d, t, l, -1, share_of(g, p, TAP_ACT_IN_CLASS), TAP_ACT_IN_CLASS};
        const uint64_t *doing = &g->doing[(size_t)doing_key(g, TAP_ACT_IN_CLASS, l, -1, time) * (size_t)g->n_words];
        for (int a = tap_next_bit(doing, NULL, g->n_words, 0); a >= 0; a = tap_next_bit(doing, NULL, g->n_words, a + 1))
            g->room_join[a] += accept_join(g, a, p, &w);
        const uint64_t *idle = idle_at(g, time);
        for (int a = tap_next_bit(idle, NULL, g->n_words, 0); a >= 0; a = tap_next_bit(idle, NULL, g->n_words, a + 1))
            g->room_free[a] += adult_free(g, a, d, t);
    }
}

/* What adult a's room for pupil p (count_room) is worth. */
static double in_class_room(const greedy *g, int a)
{
    const tap_school *s = g->s;
    int n_free = g->room_free[a];
    double hours = g->hours_left[a] / (s->mean_lesson_hours > 0 ? s->mean_lesson_hours : 1.0);
    /* joining costs the adult no hours, and is worth twice a free lesson */
    return 2.0 * g->room_join[a] + (n_free < hours ? n_free : floor(hours));
}

/* A specialist's free lessons count for half in choosing who gives
 * in-class support: their hours are wanted for the sessions only they
 * can run. */
static const double SPECIALIST_ROOM = 0.5;

/* Chooses the adults pupil p may be linked to before anything is placed,
 * since at most max_adults_per_pupil may support them: one at a time, the
 * adult who brings a programme skill the team lacks (only its holders can
 * run the sessions), else the one free at most of the pupil's lessons. A
 * team chosen need by need would spend the links on specialists who each
 * run one session and leave nobody for the lessons. Without teams every
 * adult is in the team and links are made as support is placed. */
static void choose_team(greedy *g, int p)
{
    const tap_school *s = g->s;
    const tap_pupil *pupil = &s->pupils[p];
    int size = 0;
    for (int a = 0; a < s->n_staff; a++) {
        g->team[a] = !g->teams || g->supports[p * s->n_staff + a] > 0;
        size += g->team[a];
    }
    if (!g->teams) /* any adult, as links are made */
        return;
    /* nothing is placed while the team is chosen: the room in class is
     * counted once, and the skills the team holds once per adult added */
    bool wants_lessons = pupil->in_class_hours > g->in_class[p] + 1e-9;
    if (wants_lessons)
        count_room(g, p);
    bool *covered = g->covered;
    for (; size < s->policy.max_adults_per_pupil; size++) {
        for (int n = 0; n < pupil->n_interventions; n++) {
            int skill = s->programmes[pupil->interventions[n].programme].skill;
            covered[n] = false;
            for (int b = 0; b < s->n_staff && !covered[n]; b++)
                covered[n] = g->team[b] && tap_staff_has_skill(&s->staff[b], skill);
        }
        int best = -1;
        double best_score = 0.0;
        for (int a = 0; a < s->n_staff; a++) {
            const tap_staff *adult = &s->staff[a];
            if (g->team[a] || (adult->optional && !g->hired[a]) || !may_support(g, a, p))
                continue;
            double score = wants_lessons ? in_class_room(g, a) : 0.0;
            if (g->specialist[a])
                score *= SPECIALIST_ROOM;
            for (int n = 0; n < pupil->n_interventions; n++) {
                int q = pupil->interventions[n].programme;
                if (!covered[n] && tap_staff_has_skill(adult, s->programmes[q].skill)) {
                    int joinable = joinable_sessions(g, p, q, a);
                    int needed = pupil->interventions[n].sessions;
                    score += 1000.0 * needed + 1.0 * (joinable < needed ? joinable : needed);
                }
            }
            if (score > best_score + 1e-9)
                best = a, best_score = score;
        }
        if (best < 0)
            break;
        g->team[best] = true;
    }
}

/* Adults holding the skill of a programme some pupil with a plan needs. */
static void mark_specialists(greedy *g)
{
    const tap_school *s = g->s;
    bool *needed = calloc((size_t)s->n_programmes + 1, sizeof *needed);
    if (!needed) {
        g->failed = true;
        return;
    }
    for (int p = 0; p < s->n_pupils; p++)
        for (int n = 0; s->pupils[p].plan != TAP_PLAN_NONE && n < s->pupils[p].n_interventions; n++)
            needed[s->pupils[p].interventions[n].programme] = true;
    for (int q = 0; q < s->n_programmes; q++) {
        const uint64_t *holders = &g->holders[(size_t)q * (size_t)g->n_words];
        for (int a = 0; needed[q] && a < s->n_staff; a++)
            g->specialist[a] = g->specialist[a] || tap_has_bit(holders, a);
    }
    free(needed);
}

/* A slot for adult a to plan in when none is free: the activity serving
 * the fewest pupils (those with an EHC plan counting most), among the
 * slots fewest pupils need, makes way, and the repair finds its pupils
 * support elsewhere. Only a seed can leave an adult no free slot: a
 * replan whose absent day held an adult's only planning, the adult busy
 * on every other day. Without it the plan broke the planning rule, and
 * the replan started from a fresh plan instead of the old one (the
 * 280-pupil primary at 1.1: 120 changes and 10 h more statutory
 * shortfall than leaving the lost lessons uncovered). Returns the time,
 * or -1 when the adult cannot be freed. */
static int clear_for_planning(greedy *g, int a, const int *demand)
{
    const tap_school *s = g->s;
    int best = -1;
    double best_cost = HUGE_VAL;
    for (int time = 0; time < g->n_times; time++) {
        int id = g->staff_at[a * g->n_times + time];
        if (id < 0 || g->activities[id].activity == TAP_ACT_PLANNING)
            continue;
        double cost = 0.0;
        for (int m = g->activities[id].first; m >= 0; m = g->members[m].next)
            cost += s->pupils[g->members[m].pupil].plan == TAP_PLAN_EHCP ? 1000.0 : 1.0;
        cost += demand[time] * 1e-6; /* below any pupil: only a tie-break */
        if (cost < best_cost)
            best = time, best_cost = cost;
    }
    if (best < 0)
        return -1;
    int id = g->staff_at[a * g->n_times + best];
    while (g->activities[id].first >= 0 && !g->failed)
        leave(g, id, g->members[g->activities[id].first].pupil);
    if (g->staff_at[a * g->n_times + best] >= 0) /* an activity with nobody in it */
        return -1;
    return adult_free(g, a, best / g->s->n_slots, best % g->s->n_slots) ? best : -1;
}

/* Planning goes first, into the slots fewest pupils need, spread so that
 * adults do not all plan at once. */
static void place_planning(greedy *g)
{
    const tap_school *s = g->s;
    int *demand = calloc((size_t)g->n_times, sizeof *demand);
    if (!demand) {
        g->failed = true;
        return;
    }
    for (int p = 0; s->pupil_lesson && p < s->n_pupils; p++) {
        if (s->pupils[p].plan == TAP_PLAN_NONE)
            continue; /* most of a secondary's roll */
        for (int time = 0; time < g->n_times; time++)
            demand[time] += tap_pupil_lesson_at(s, p, time / s->n_slots, time % s->n_slots) >= 0;
    }
    for (int a = 0; a < s->n_staff; a++) {
        const tap_staff *adult = &s->staff[a];
        /* a seed may hold planning already, and hire a possible adult */
        int planned = 0;
        for (int time = 0; time < g->n_times; time++) {
            int id = g->staff_at[a * g->n_times + time];
            planned += id >= 0 && g->activities[id].activity == TAP_ACT_PLANNING;
        }
        if (adult->optional && !g->hired[a])
            continue;
        for (int k = planned; k < adult->planning_slots; k++) {
            int best = -1;
            for (int time = 0; time < g->n_times; time++)
                if (adult_free(g, a, time / s->n_slots, time % s->n_slots) && (best < 0 || demand[time] < demand[best]))
                    best = time;
            if (best < 0)
                best = clear_for_planning(g, a, demand);
            if (best < 0)
                break;
            if (open_activity(g, a, best / s->n_slots, best % s->n_slots, TAP_ACT_PLANNING, -1, -1) < 0)
                break;
            demand[best] += 2;
        }
    }
    free(demand);
}

static tap_status emit(greedy *g, tap_plan *plan)
{
    const tap_school *s = g->s;
    int *pupils = malloc(((size_t)s->n_pupils + 1) * sizeof *pupils);
    tap_withdrawal *withdrawn = malloc(((size_t)s->n_pupils + 1) * sizeof *withdrawn);
    if (!pupils || !withdrawn) {
        free(pupils), free(withdrawn);
        return TAP_ENOMEM;
    }
    tap_status status = TAP_OK;
    /* adult by adult, time by time: the plan's own order, so sorting it
     * only checks */
    for (int cell = 0; cell < s->n_staff * g->n_times && status == TAP_OK; cell++) {
        if (g->staff_at[cell] < 0)
            continue;
        const activity *act = &g->activities[g->staff_at[cell]];
        tap_assignment a = {act->staff, act->day, act->slot, act->activity, -1, -1, act->programme, pupils, 0,
                            withdrawn, 0};
        if (act->activity == TAP_ACT_IN_CLASS) {
            a.group = s->lessons[act->lesson].group;
            a.subject = s->lessons[act->lesson].subject;
        }
        for (int m = act->first; m >= 0; m = g->members[m].next) {
            int p = g->members[m].pupil;
            pupils[a.n_pupils++] = p;
            int l = tap_pupil_lesson_at(s, p, act->day, act->slot);
            if (act->activity == TAP_ACT_INTERVENTION && l >= 0)
                withdrawn[a.n_withdrawn++] = (tap_withdrawal){p, s->lessons[l].group, s->lessons[l].subject};
        }
        if (act->activity == TAP_ACT_PLANNING || a.n_pupils > 0)
            status = tap_plan_add(plan, &a);
    }
    free(pupils), free(withdrawn);
    if (status == TAP_OK)
        tap_plan_sort(plan);
    return status;
}

typedef struct {
    int pupil;
    tap_plan_kind plan;
    int eligible;  /* adults who may support them */
    double hours;  /* whole weekly entitlement */
} ranked;

static int compare_ranked(const void *x, const void *y)
{
    const ranked *a = x, *b = y;
    if (a->plan != b->plan)
        return a->plan > b->plan ? -1 : 1;
    if (a->eligible != b->eligible)
        return a->eligible < b->eligible ? -1 : 1;
    if (a->hours != b->hours)
        return a->hours > b->hours ? -1 : 1;
    return a->pupil - b->pupil;
}

/* Statutory pupils first; among equals, those whom fewer adults may
 * support, then the largest entitlements: they need the most lessons
 * covered by few adults, while small ones fit in what is left (statutory
 * start, 2,000-pupil secondary at 0.8: 115 h -> 81 h short). */
static int *pupil_order(const tap_school *s)
{
    int *order = malloc(((size_t)s->n_pupils + 1) * sizeof *order);
    ranked *ranks = malloc(((size_t)s->n_pupils + 1) * sizeof *ranks);
    if (!order || !ranks) {
        free(order), free(ranks);
        return NULL;
    }
    for (int p = 0; p < s->n_pupils; p++) {
        ranks[p] = (ranked){p, s->pupils[p].plan, 0, tap_model_entitled_hours(s, &s->pupils[p])};
        if (s->pupils[p].n_skills == 0) /* anyone may support them: most pupils, asked every draw */
            ranks[p].eligible = s->n_staff;
        for (int a = 0; s->pupils[p].n_skills > 0 && a < s->n_staff; a++)
            ranks[p].eligible += tap_staff_can_support(&s->staff[a], &s->pupils[p]);
    }
    qsort(ranks, (size_t)s->n_pupils, sizeof *ranks, compare_ranked);
    for (int p = 0; p < s->n_pupils; p++)
        order[p] = ranks[p].pupil;
    free(ranks);
    return order;
}

/* Takes over the assignments of a seed plan as if the greedy had made them. */
static void load_seed(greedy *g, const tap_plan *seed)
{
    const tap_school *s = g->s;
    for (int i = 0; i < seed->n_assignments && !g->failed; i++) {
        const tap_assignment *a = &seed->assignments[i];
        g->hired[a->staff] = true; /* only possible hires ask */
        int lesson = a->activity == TAP_ACT_IN_CLASS ? tap_group_lesson_at(s, a->group, a->day, a->slot) : -1;
        int id = open_activity(g, a->staff, a->day, a->slot, a->activity, lesson, a->programme);
        for (int k = 0; id >= 0 && k < a->n_pupils; k++) {
            join(g, id, a->pupils[k], share_of(g, a->pupils[k], a->activity));
            if (a->activity == TAP_ACT_INTERVENTION)
                count_withdrawal(g, a->pupils[k], a->day, a->slot, 1);
        }
    }
}

/* ---- repair: making room by handing over what is in the way ----
 *
 * The pass above leaves a pupil short where every adult who may support
 * them is busy then, or has used their hours, often with support another
 * adult could give just as well. The repair hands such an activity over,
 * whole, to an adult free at its slot (its pupils keep their support, the
 * same slot, and no more adults than the limit), then gives the short
 * pupil the adult it freed. */

/* Adults considered in all: enough for the largest school's repair,
 * bounded so that no school can make it slow. */
#define REPAIR_BUDGET 20000000L

/* A second pass over the short pupils finds room the first pass made for
 * pupils it had already passed. */
#define REPAIR_PASSES 2

static bool all_linked(const greedy *g, int id, int b)
{
    for (int m = g->activities[id].first; m >= 0; m = g->members[m].next)
        if (g->supports[g->members[m].pupil * g->s->n_staff + b] == 0)
            return false;
    return true;
}

/* Bits b of `out` (n_words) set where adult b could take over activity
 * id, pupils and all, were b free at its slot: b may support each pupil,
 * within their adults-per-pupil limit, and holds the programme's skill
 * with room for the group. Every adult at once, each pupil's row read
 * once: a hand-off asks it of every adult and of every adult of a chain
 * (asked adult by adult, a quarter of a whole-model draw on the
 * 2,000-pupil secondary). */
static void takers_of(const greedy *g, int id, uint64_t *out)
{
    const tap_school *s = g->s;
    const activity *act = &g->activities[id];
    for (int w = 0; w < g->n_words; w++)
        out[w] = 0;
    if (act->activity == TAP_ACT_PLANNING || act->first < 0)
        return;
    every_adult(g, out);
    tap_put_bit(out, act->staff, false);
    int n_members = 0;
    for (int m = act->first; m >= 0; m = g->members[m].next) {
        int q = g->members[m].pupil;
        const tap_pupil *pupil = &s->pupils[q];
        const int *row = &g->supports[q * s->n_staff];
        n_members++;
        /* the link to the adult who leaves goes when this was all they
         * gave; a pupil at the limit keeps only the adults they see */
        if (g->n_links[q] - (row[act->staff] == 1) >= s->policy.max_adults_per_pupil)
            for (int w = 0; w < g->n_words; w++)
                out[w] &= g->linked[(size_t)q * (size_t)g->n_words + (size_t)w];
        for (int w = 0; pupil->n_skills > 0 && w < g->n_words; w++)
            out[w] &= g->supporters[(size_t)q * (size_t)g->n_words + (size_t)w];
    }
    if (act->activity != TAP_ACT_INTERVENTION)
        return;
    const tap_programme *q = &s->programmes[act->programme];
    const uint64_t *holders = &g->holders[(size_t)act->programme * (size_t)g->n_words];
    for (int w = 0; w < g->n_words; w++)
        out[w] &= holders[w];
    for (int b = 0; n_members > q->max_group && b < s->n_staff; b++) /* only a teacher takes more */
        if (n_members > tap_staff_session_capacity(&s->staff[b], q))
            tap_put_bit(out, b, false);
}

/* Could b take over activity id now? (takers row 0 is this scratch: a
 * hand-off's own rows are 1 to CHAIN_MOST, by chain length) */
static bool may_take_over(greedy *g, int id, int b)
{
    const activity *act = &g->activities[id];
    takers_of(g, id, g->takers);
    return tap_has_bit(g->takers, b) && adult_free(g, b, act->day, act->slot);
}

static void hand_over(greedy *g, int id, int b)
{
    const tap_school *s = g->s;
    const activity *act = &g->activities[id];
    int a = act->staff, time = time_index(g, act->day, act->slot);
    double hours = s->slot_hours[act->slot];
    set_int(g, CELL_STAFF_AT, a * g->n_times + time, -1);
    set_double(g, CELL_HOURS_LEFT, a, g->hours_left[a] + hours);
    set_int(g, CELL_STAFF_AT, b * g->n_times + time, id);
    set_double(g, CELL_HOURS_LEFT, b, g->hours_left[b] - hours);
    for (int m = act->first; m >= 0; m = g->members[m].next) {
        drop_support(g, g->members[m].pupil, a);
        add_support(g, g->members[m].pupil, b);
    }
    set_int(g, CELL_ACT_STAFF, id, b);
}

static bool hand_off(greedy *g, int id, int links);
static bool known_to_fail(const greedy *g, int id, int links);

/* The next adult from *at on in the set `among` while the repair's
 * budget lasts, the budget spent as a walk over every adult would spend
 * it: one an adult passed. -1 when the walk ends; the caller spends one
 * more for the adult returned once it has asked them. */
static int walk_to(greedy *g, const uint64_t *among, int *at)
{
    int n_staff = g->s->n_staff;
    int b = tap_next_bit(among, NULL, g->n_words, *at), to = b >= 0 && b < n_staff ? b : n_staff;
    long passed = g->budget > 0 ? (to - *at < g->budget ? to - *at : g->budget) : 0;
    g->budget -= passed;
    *at += (int)passed;
    if (*at < to || to == n_staff || g->budget <= 0)
        return -1;
    *at = b + 1;
    return b;
}

/* Hands activity id to another adult, one its pupils already see first;
 * failing that, with links left in the chain, to an adult busy then whose
 * own activity is handed on first. */
static bool try_hand_off(greedy *g, int id, int links)
{
    if (g->n_handed + links > HANDED_MAX - 1)
        return false;
    const activity *act = &g->activities[id];
    int time = time_index(g, act->day, act->slot);
    /* nothing below changes whom the activity's pupils may see, or a
     * failed attempt is taken back before the next: the takers hold */
    uint64_t *takers = &g->takers[(size_t)links * (size_t)g->n_words];
    const uint64_t *idle = idle_at(g, time);
    int n_staff = g->s->n_staff, n_words = g->n_words;
    if (links > 1 || tap_next_bit(idle, NULL, n_words, 0) >= 0) /* else nobody is asked */
        takers_of(g, id, takers);
    /* Most adults are busy then, and few could take it over: only those
     * who are both are asked, in order, and the budget is spent as a walk
     * over every adult would spend it (one an adult passed, stopping
     * where it runs out), so the answers are the same. */
    for (int pass = 0; pass < 2; pass++) {
        int limit = g->budget < n_staff ? (int)(g->budget > 0 ? g->budget : 0) : n_staff;
        for (int b = tap_next_bit(idle, takers, n_words, 0); b >= 0 && b < limit;
             b = tap_next_bit(idle, takers, n_words, b + 1))
            if (all_linked(g, id, b) == (pass == 0) && adult_free(g, b, act->day, act->slot)) {
                g->budget -= b;
                hand_over(g, id, b);
                g->n_handed++;
                return true;
            }
        g->budget -= limit;
    }
    /* The chain: takers busy then, in order, whose own activity is handed
     * on first (b == act->staff, so other == id, is not a taker). `at` is
     * where the walk over every adult would be. */
    for (int at = 0, b; links > 1 && (b = walk_to(g, takers, &at)) >= 0; g->budget--) {
        int other = g->staff_at[b * g->n_times + time];
        if (other >= 0 && !known_to_fail(g, other, links - 1)) {
            int mark = g->n_trail, handed = g->n_handed;
            if (hand_off(g, other, links - 1) && may_take_over(g, id, b)) {
                hand_over(g, id, b);
                g->n_handed++;
                return true;
            }
            undo_trail(g, mark);
            g->n_handed = handed;
        }
    }
    return false;
}

/* Did try_hand_off of activity id fail in the state as it is now? Nothing
 * it reads has changed while the state's version is the same, and more
 * hand-overs made or less budget left only rule out more. The repair asks
 * again and again of the same activities (a short pupil's every lesson
 * asks each adult's other work to make way); without this the 2,000-pupil
 * secondary's whole greedy spent its budget of 20 million adults, 50 ms,
 * on answers it had had before. */
static bool known_to_fail(const greedy *g, int id, int links)
{
    const activity *act = &g->activities[id];
    return act->failed_at[links - 1] == g->version + 1 && g->n_handed >= act->failed_handed[links - 1];
}

/* try_hand_off, remembering where it fails. */
static bool hand_off(greedy *g, int id, int links)
{
    if (known_to_fail(g, id, links))
        return false;
    int handed = g->n_handed;
    if (try_hand_off(g, id, links))
        return true;
    activity *act = &g->activities[id];
    act->failed_at[links - 1] = g->version + 1;
    act->failed_handed[links - 1] = handed;
    return false;
}

/* Frees adult a for a new activity at (day, slot): what they do then is
 * handed over, and when their hours are spent, what they do at other
 * slots (at most one chain a slot, within HANDED_MAX). The caller
 * trails the changes, to take them back if nothing is gained. */
static bool make_room(greedy *g, int a, int day, int slot)
{
    const tap_school *s = g->s;
    int time = time_index(g, day, slot);
    int id = g->staff_at[a * g->n_times + time];
    if (!tap_staff_available(&s->staff[a], day, slot) || (s->staff[a].optional && !g->hired[a]))
        return false;
    if (id >= 0 ? !hand_off(g, id, CHAIN_MOST) : !keeps_break(g, a, day, slot))
        return false;
    for (int other = 0; other < g->n_times && g->hours_left[a] < s->slot_hours[slot] - 1e-9; other++) {
        int y = g->staff_at[a * g->n_times + other];
        if (other != time && y >= 0)
            hand_off(g, y, CHAIN_MOST);
    }
    return adult_free(g, a, day, slot);
}

/* Places pupil p as wanted, by making room where nobody is free. */
static bool place_making_room(greedy *g, int p, const wanted *w)
{
    if (pupil_busy(g, p, time_index(g, w->day, w->slot)))
        return false;
    if (place(g, p, w))
        return true;
    for (int pass = 0; pass < 2; pass++) {
        /* the adults p sees first, then the others; only those who may
         * support p (and hold the programme's skill) are asked, in order,
         * spending the budget as a walk over every adult would */
        const uint64_t *linked = &g->linked[(size_t)p * (size_t)g->n_words];
        const uint64_t *supporters = &g->supporters[(size_t)p * (size_t)g->n_words];
        every_adult(g, g->candidates);
        for (int word = 0; word < g->n_words; word++) {
            g->candidates[word] &= (pass == 0 ? linked[word] : ~linked[word]) & supporters[word];
            if (w->kind == TAP_ACT_INTERVENTION)
                g->candidates[word] &= g->holders[(size_t)w->programme * (size_t)g->n_words + (size_t)word];
        }
        for (int at = 0, a; (a = walk_to(g, g->candidates, &at)) >= 0; g->budget--) {
            if (!may_link(g, p, a))
                continue;
            /* the room made may have cost p a link of its own; when
             * nothing is gained everything is handed back, so that no
             * pupil sees an adult more for nothing (on the trail, which
             * a swap's trial may be keeping already) */
            bool trailing = g->trailing;
            int mark = g->n_trail;
            g->trailing = true;
            g->n_handed = 0;
            bool made = make_room(g, a, w->day, w->slot) && may_link(g, p, a);
            if (!made)
                undo_trail(g, mark);
            else if (!trailing)
                g->n_trail = mark; /* kept for good */
            g->trailing = trailing;
            if (made) {
                int id = open_activity(g, a, w->day, w->slot, w->kind, w->lesson, w->programme);
                if (id >= 0)
                    join(g, id, p, w->share);
                return id >= 0 && !g->failed;
            }
        }
    }
    return false;
}

static void repair_in_class(greedy *g, int p)
{
    for (int strengths = 0; strengths < 2; strengths++) /* strength lessons last */
        each_lesson(g, p, strengths, place_making_room);
}

/* A session at a slot where the pupil has in-class support: the support
 * makes way, and moves to another lesson if one can be found. Only where
 * the session is worth at least the lesson's hours, so that nothing is
 * lost even when no other lesson can be found. */
static bool session_in_place_of_support(greedy *g, int p, const wanted *w)
{
    const tap_school *s = g->s;
    int time = time_index(g, w->day, w->slot);
    int held = g->pupil_at[p * g->n_times + time];
    if (held < 0 || g->activities[held].activity != TAP_ACT_IN_CLASS ||
        s->slot_hours[w->slot] > s->mean_lesson_hours + 1e-9)
        return false;
    int a = g->activities[held].staff, lesson = g->activities[held].lesson;
    leave(g, held, p);
    if (place_making_room(g, p, w)) {
        repair_in_class(g, p);
        return true;
    }
    /* as it was: the adult's slot is still free if the support was alone */
    int id = g->staff_at[a * g->n_times + time] == held
                 ? held
                 : open_activity(g, a, w->day, w->slot, TAP_ACT_IN_CLASS, lesson, -1);
    if (id >= 0)
        join(g, id, p, share_of(g, p, TAP_ACT_IN_CLASS));
    return false;
}

/* A session for the repair: by making room, or in place of support. */
static bool repair_session(greedy *g, int p, const wanted *w)
{
    return pupil_busy(g, p, time_index(g, w->day, w->slot)) ? session_in_place_of_support(g, p, w)
                                                            : place_making_room(g, p, w);
}

static void repair_pupil(greedy *g, int p)
{
    place_sessions(g, p, repair_session);
    place_unstructured(g, p, place_making_room);
    repair_in_class(g, p);
}

/* ---- swap: one of a pupil's adults for another ----
 *
 * A pupil who sees the most adults allowed and is still short cannot be
 * given another adult, not even one free at their lessons or trained for
 * the sessions none of theirs can run (explain.c names the cause). The
 * swap tries each of the pupil's adults in turn: what that adult does
 * with the pupil is taken back, the adult barred, and the pupil repaired
 * with the link this frees. The trial that meets most of the pupil's
 * entitlement is kept if it meets more than before. Hand-overs keep every
 * other pupil's support, so only this pupil's hours change. */

/* Hours of pupil p's entitlement met, a session at the mean lesson's
 * hours, as the model counts them. */
static double pupil_met(const greedy *g, int p)
{
    const tap_school *s = g->s;
    const tap_pupil *pupil = &s->pupils[p];
    double met = fmin(g->in_class[p], pupil->in_class_hours);
    for (int n = 0; n < pupil->n_interventions; n++) {
        int given = g->sessions[p * s->n_programmes + pupil->interventions[n].programme];
        met += (given < pupil->interventions[n].sessions ? given : pupil->interventions[n].sessions) *
               s->mean_lesson_hours;
    }
    for (int time = 0; time < g->n_times; time++) {
        int id = g->pupil_at[p * g->n_times + time];
        if (id >= 0 && g->activities[id].activity == TAP_ACT_UNSTRUCTURED)
            met += s->slot_hours[time % s->n_slots];
    }
    return met;
}

/* Pupil p without adult a, repaired; the hours of p's entitlement met. */
static double try_without(greedy *g, int p, int a)
{
    const tap_school *s = g->s;
    for (int time = 0; time < g->n_times; time++) {
        int id = g->pupil_at[p * g->n_times + time];
        if (id < 0 || g->activities[id].staff != a)
            continue;
        if (g->activities[id].activity == TAP_ACT_INTERVENTION)
            count_withdrawal(g, p, time / s->n_slots, time % s->n_slots, -1);
        leave(g, id, p);
    }
    g->team[a] = false; /* or the repair could link them again at once */
    repair_pupil(g, p);
    g->team[a] = true;
    return pupil_met(g, p);
}

static void swap_adult(greedy *g, int p)
{
    const tap_school *s = g->s;
    if (g->n_links[p] < s->policy.max_adults_per_pupil)
        return;
    double before = pupil_met(g, p);
    if (before >= tap_model_entitled_hours(s, &s->pupils[p]) - 1e-9)
        return;
    int best = -1;
    double best_met = before + 1e-6;
    g->trailing = true;
    for (int a = 0; a < s->n_staff && g->budget > 0 && !g->failed; a++) {
        if (g->supports[p * s->n_staff + a] == 0)
            continue;
        double met = try_without(g, p, a);
        if (met > best_met)
            best = a, best_met = met;
        undo_trail(g, 0);
    }
    /* again for good; the repair's budget may have run out meanwhile */
    if (best >= 0 && !g->failed && try_without(g, p, best) <= before + 1e-6)
        undo_trail(g, 0);
    g->trailing = false;
    g->n_trail = 0;
}

/* ---- a session moved for a lesson ----
 *
 * A pupil short of in-class hours whose session takes them out of a
 * lesson that counts gains that lesson when the session can go to a time
 * that does not count (explain.c: "their sessions take the lessons left
 * that count"). Each such session is tried in turn: the pupil leaves it,
 * is supported in the lesson, and the session is placed again elsewhere;
 * kept when more of the pupil's entitlement is met. */
static void move_sessions(greedy *g, int p)
{
    const tap_school *s = g->s;
    const tap_pupil *pupil = &s->pupils[p];
    g->trailing = true;
    for (int time = 0; time < g->n_times && g->budget > 0 && !g->failed; time++) {
        if (g->in_class[p] >= pupil->in_class_hours - 1e-9)
            break;
        int id = g->pupil_at[p * g->n_times + time], d = time / s->n_slots, t = time % s->n_slots;
        int l = tap_pupil_lesson_at(s, p, d, t);
        if (id < 0 || g->activities[id].activity != TAP_ACT_INTERVENTION || l < 0 ||
            !tap_pupil_counts_subject(pupil, s->lessons[l].subject))
            continue;
        double before = pupil_met(g, p);
        count_withdrawal(g, p, d, t, -1);
        leave(g, id, p);
        wanted w = {d, t, l, -1, share_of(g, p, TAP_ACT_IN_CLASS), TAP_ACT_IN_CLASS};
        if (place_making_room(g, p, &w))
            place_sessions(g, p, place_making_room);
        if (g->failed || pupil_met(g, p) <= before + 1e-6)
            undo_trail(g, 0);
        g->n_trail = 0; /* kept, or taken back */
    }
    g->trailing = false;
}

tap_status tap_greedy_plan(const tap_school *s, const tap_plan *seed, tap_plan_kind only, bool teams, bool swap,
                           tap_plan *plan)
{
    greedy g = {0};
    g.s = s;
    g.teams = teams;
    g.only = only;
    g.n_times = s->n_days * s->n_slots;
    size_t staff_times = (size_t)s->n_staff * (size_t)g.n_times + 1;
    g.staff_at = malloc(staff_times * sizeof *g.staff_at);
    g.n_words = s->n_staff / 64 + 1;
    g.idle = calloc((size_t)g.n_times * (size_t)g.n_words + 1, sizeof *g.idle);
    g.doing = calloc((size_t)doing_keys(&g) * (size_t)g.n_words + 1, sizeof *g.doing);
    g.linked = calloc((size_t)s->n_pupils * (size_t)g.n_words + 1, sizeof *g.linked);
    g.takers = calloc((size_t)(CHAIN_MOST + 1) * (size_t)g.n_words, sizeof *g.takers);
    g.holders = calloc((size_t)s->n_programmes * (size_t)g.n_words + 1, sizeof *g.holders);
    g.supporters = calloc((size_t)s->n_pupils * (size_t)g.n_words + 1, sizeof *g.supporters);
    g.candidates = calloc((size_t)g.n_words, sizeof *g.candidates);
    for (int q = 0; g.holders && q < s->n_programmes; q++)
        for (int a = 0; a < s->n_staff; a++)
            if (tap_staff_has_skill(&s->staff[a], s->programmes[q].skill))
                tap_put_bit(&g.holders[(size_t)q * (size_t)g.n_words], a, true);
    size_t pupil_times = (size_t)s->n_pupils * (size_t)g.n_times + 1;
    g.pupil_at = malloc(pupil_times * sizeof *g.pupil_at);
    g.hours_left = calloc((size_t)s->n_staff + 1, sizeof *g.hours_left);
    g.supports = calloc((size_t)s->n_pupils * (size_t)s->n_staff + 1, sizeof *g.supports);
    g.n_links = calloc((size_t)s->n_pupils + 1, sizeof *g.n_links);
    g.withdrawals = calloc((size_t)s->n_pupils * (size_t)s->n_subjects + 1, sizeof *g.withdrawals);
    g.hired = calloc((size_t)s->n_staff + 1, sizeof *g.hired);
    size_t needs = (size_t)s->n_pupils * (size_t)s->n_programmes;
    g.in_class = calloc((size_t)s->n_pupils + 1, sizeof *g.in_class);
    g.sessions = calloc(needs + 1, sizeof *g.sessions);
    g.session_on = calloc(needs * (size_t)s->n_days + 1, sizeof *g.session_on);
    g.team = calloc((size_t)s->n_staff + 1, sizeof *g.team);
    g.covered = calloc((size_t)s->n_programmes + 1, sizeof *g.covered);
    g.room_join = calloc((size_t)s->n_staff + 1, sizeof *g.room_join);
    g.room_free = calloc((size_t)s->n_staff + 1, sizeof *g.room_free);
    g.week_pupil = -1;
    g.week_time = malloc(((size_t)g.n_times + 1) * sizeof *g.week_time);
    g.week_lesson = malloc(((size_t)g.n_times + 1) * sizeof *g.week_lesson);
    g.week_strength = malloc(((size_t)g.n_times + 1) * sizeof *g.week_strength);
    g.specialist = calloc((size_t)s->n_staff + 1, sizeof *g.specialist);
    g.wanting = malloc(((size_t)s->n_pupils + 1) * sizeof *g.wanting);
    int *order = pupil_order(s);
    tap_status status = TAP_ENOMEM;
    if (g.staff_at && g.idle && g.doing && g.linked && g.takers && g.holders && g.supporters && g.candidates && g.pupil_at && g.hours_left && g.supports && g.n_links && g.withdrawals && g.hired && g.in_class &&
        g.sessions && g.session_on && g.team && g.covered && g.room_join && g.room_free && g.week_time && g.week_lesson && g.week_strength && g.specialist && g.wanting && order) {
        mark_specialists(&g);
        fill_supporters(&g);
        g.failed |= !list_needing(&g) || !list_withdrawable(&g);
        for (size_t i = 0; i < staff_times; i++)
            g.staff_at[i] = -1;
        for (int i = 0; i < s->n_staff * g.n_times; i++)
            note_staff_at(&g, i, -1);
        for (size_t i = 0; i < pupil_times; i++)
            g.pupil_at[i] = -1;
        for (int a = 0; a < s->n_staff; a++)
            g.hours_left[a] = s->staff[a].hours;
        if (seed)
            load_seed(&g, seed);
        place_planning(&g);
        for (int i = 0; i < s->n_pupils && !g.failed; i++) {
            int p = order[i];
            if (!placed_here(s, p, only))
                continue;
            choose_team(&g, p);
            place_sessions(&g, p, place);
            place_unstructured(&g, p, place);
            place_in_class(&g, p);
        }
        /* any adult may join a team now, within the limit */
        for (int a = 0; a < s->n_staff; a++)
            g.team[a] = true;
        g.budget = REPAIR_BUDGET;
        for (int pass = 0; pass < REPAIR_PASSES; pass++)
            for (int i = 0; i < s->n_pupils && !g.failed; i++) {
                if (placed_here(s, order[i], only))
                    repair_pupil(&g, order[i]);
            }
        for (int i = 0; swap && i < s->n_pupils && !g.failed; i++)
            if (placed_here(s, order[i], only)) {
                swap_adult(&g, order[i]);
                move_sessions(&g, order[i]);
            }
        status = g.failed ? TAP_ENOMEM : emit(&g, plan);
    }
    free(order);
    free(g.activities), free(g.members), free(g.staff_at), free(g.idle), free(g.doing), free(g.linked), free(g.takers), free(g.holders), free(g.supporters), free(g.candidates), free(g.pupil_at), free(g.hours_left);
    free(g.supports), free(g.n_links), free(g.withdrawals), free(g.hired);
    free(g.in_class), free(g.sessions), free(g.session_on), free(g.team), free(g.covered), free(g.room_join), free(g.room_free), free(g.week_time), free(g.week_lesson), free(g.week_strength), free(g.specialist), free(g.wanting), free(g.needing), free(g.needing_from), free(g.need_from), free(g.withdrawable);
    free(g.trail);
    return status;
}
