/* generator.c - see generator.h. Builds the week, the groups and their
 * timetable, the pupils with a plan, then hires adults until their usable
 * hours meet demand / pressure, trains them, and prints the YAML by hand.
 * Every quantity is a whole number (minutes, quarter hours, seconds, pence)
 * so no floating-point rounding can make two platforms disagree. */
#include "generator.h"

#include <inttypes.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../base/arena.h"
#include "../base/file.h"
#include "../base/random.h"
#include "../base/text.h"
#include "school.h"

#define COUNT(array) ((int)(sizeof(array) / sizeof((array)[0])))
#define N_DAYS 5
#define MAX_LESSONS_A_DAY 6
#define N_AREAS 4
#define MAX_SUBJECTS 14
#define MAX_PROGRAMMES 7
#define MAX_PUPIL_SKILLS 4
#define MAX_SKILLS (MAX_PROGRAMMES + MAX_PUPIL_SKILLS)
#define MAX_INTERVENTIONS 3
#define LESSON_SECONDS 3600   /* every lesson is one hour */
#define QUARTER_SECONDS 900
#define GAP_PRESSURE 1250     /* per mille: from here one programme has no trained adult */
#define BREAK_MINUTES 20      /* the policy default the files keep */

/* ---- What each kind of school is made of (docs/generator.md) ---------- */

typedef struct {
    const char *id;
    int start, end; /* minutes after midnight */
    bool lesson;
} slot_def;

typedef struct {
    const char *id;
    int max_group;
    const char *subjects_from[7]; /* NULL-terminated; none: any lesson */
} programme_def;

enum { AREA_CI, AREA_CL, AREA_SEMH, AREA_SP };
static const unsigned area_bits[N_AREAS] = {TAP_NEED_COMMUNICATION_INTERACTION, TAP_NEED_COGNITION_LEARNING,
                                            TAP_NEED_SEMH, TAP_NEED_SENSORY_PHYSICAL};
static const char *const area_names[N_AREAS] = {"communication_interaction", "cognition_learning", "semh",
                                                "sensory_physical"};

/* Skills pupils themselves need, after the programme skills in the table. */
enum { SKILL_MAKATON, SKILL_TEAM_TEACH, SKILL_MANUAL_HANDLING, SKILL_BRAILLE };
static const char *const pupil_skill_names[MAX_PUPIL_SKILLS] = {"makaton", "team_teach", "manual_handling",
                                                                "braille"};

typedef struct {
    const char *name;
    const slot_def *slots;
    int n_slots;
    const char *const *subjects;
    int n_subjects;
    const programme_def *programmes;
    int n_programmes;
    const char *area_programmes[N_AREAS][4]; /* candidates by area of need */
    int makaton_per_mille;                   /* of EHC plans in communication and interaction */
} kind_def;

static const slot_def primary_slots[] = {
    {"P1", 530, 590, true},        {"P2", 590, 650, true}, {"BREAK", 650, 665, false}, {"P3", 665, 725, true},
    {"LUNCH", 725, 785, false},    {"P4", 785, 845, true}, {"P5", 845, 905, true},
};
static const slot_def secondary_slots_5[] = {
    {"P1", 530, 590, true},        {"P2", 590, 650, true}, {"BREAK", 650, 670, false}, {"P3", 670, 730, true},
    {"P4", 730, 790, true},        {"LUNCH", 790, 830, false}, {"P5", 830, 890, true},
};
static const slot_def secondary_slots_6[] = {
    {"P1", 510, 570, true},        {"P2", 570, 630, true}, {"BREAK", 630, 650, false}, {"P3", 650, 710, true},
    {"P4", 710, 770, true},        {"LUNCH", 770, 810, false}, {"P5", 810, 870, true}, {"P6", 870, 930, true},
};

static const char *const primary_subjects[] = {"maths", "english", "phonics", "science", "history",
                                               "geography", "art", "music", "pe", "computing",
                                               "re", "pshe", "french"};
static const char *const secondary_subjects[] = {"maths", "english", "science", "history", "geography",
                                                 "french", "art", "music", "drama", "dt",
                                                 "pe", "computing", "re", "pshe"};

static const programme_def primary_programmes[] = {
    {"speech_language", 3, {NULL}},
    {"precision_teaching", 2, {"maths", "english", "phonics", NULL}},
    {"phonics_catch_up", 4, {"phonics", "english", NULL}},
    {"nessy", 4, {"english", "computing", "french", NULL}},
    {"lego_therapy", 3, {"pshe", "re", "history", "geography", "art", "music", NULL}},
    {"elsa", 2, {NULL}},
    {"fine_motor", 4, {"english", "pe", "art", NULL}},
};
static const programme_def secondary_programmes[] = {
    {"literacy_catch_up", 6, {"english", "french", "re", "pshe", NULL}},
    {"numeracy_catch_up", 6, {"maths", "french", "re", "pshe", NULL}},
    {"speech_language", 3, {NULL}},
    {"social_skills", 4, {NULL}},
    {"emotional_literacy", 2, {NULL}},
    {"touch_typing", 4, {"computing", "french", "re", "english", NULL}},
};

static const kind_def primary_kind = {
    "primary", primary_slots, COUNT(primary_slots), primary_subjects, COUNT(primary_subjects),
    primary_programmes, COUNT(primary_programmes),
    {{"speech_language", "lego_therapy", NULL},
     {"precision_teaching", "phonics_catch_up", "nessy", NULL},
     {"elsa", "lego_therapy", NULL},
     {"fine_motor", "precision_teaching", NULL}},
    200,
};
static const kind_def secondary_kind = {
    "secondary", secondary_slots_5, COUNT(secondary_slots_5), secondary_subjects, COUNT(secondary_subjects),
    secondary_programmes, COUNT(secondary_programmes),
    {{"speech_language", "social_skills", NULL},
     {"literacy_catch_up", "numeracy_catch_up", "touch_typing", NULL},
     {"emotional_literacy", "social_skills", NULL},
     {"touch_typing", "literacy_catch_up", NULL}},
    50,
};

/* Areas of need, per mille. EHC plans: the DfE's 2024/25 shares by primary
 * type of need, grouped into the four areas; SEN support: our own choice. */
static const int ehcp_area_weights[N_AREAS] = {538, 186, 211, 65};
static const int sen_area_weights[N_AREAS] = {350, 350, 220, 80};

/* TA contracts in quarter hours and their weights out of 10. */
static const int ta_quarters[] = {80, 90, 100, 110, 120, 130};
static const int ta_quarter_weights[] = {3, 2, 2, 1, 1, 1};

/* Subjects support may be limited to, and the sets of a secondary year. */
static const char *const primary_core[] = {"maths", "english", "phonics"};
static const char *const secondary_core[] = {"maths", "english", "science"};

/* ---- The school being built ------------------------------------------- */

typedef struct {
    char id[32];
    int year;        /* primary: 0 is Reception; secondary: 7 to 11 */
    int set_subject; /* -1 for a class or form, else the set's subject */
    int lessons[N_DAYS][MAX_LESSONS_A_DAY]; /* subject index, -1 none */
    int *members;    /* listed pupils, ascending */
    int n_members;
} group_def;

typedef struct {
    int programme;
    int sessions;
} need_def;

typedef struct {
    int roll; /* 1-based place on the roll: the id */
    tap_plan_kind plan;
    unsigned needs;
    int area; /* the primary area of need */
    int groups[4];
    int n_groups;
    int strengths[2];
    int n_strengths;
    int in_class_quarters;
    int ratio;
    int subjects[3]; /* support.subjects; none: all count */
    int n_subjects;
    int skill; /* pupil skill, -1 none */
    need_def interventions[MAX_INTERVENTIONS];
    int n_interventions;
    uint32_t unstructured; /* slot mask */
    int unstructured_ratio;
    int64_t demand; /* adult seconds a week */
} pupil_def;

typedef struct {
    tap_role role;
    int quarters; /* contracted hours x 4 */
    int pence;    /* cost per hour */
    int planning;
    uint32_t unavailable[N_DAYS];
    uint32_t skills; /* bit per skill index */
    int64_t usable;  /* seconds of contact time at most */
} staff_def;

typedef struct {
    const tap_generator_params *params;
    int pressure; /* per mille */
    const kind_def *kind;
    tap_random random;
    tap_arena arena;

    const slot_def *slots;
    int n_slots;
    int lessons_a_day;
    int lunch, break_slot; /* slot indices */

    group_def *groups;
    int n_groups;
    int *roll_plan;      /* [n_pupils] tap_plan_kind */
    int *roll_groups;    /* [n_pupils][4]: class or form, then sets */
    int *roll_n_groups;  /* [n_pupils] */
    int *roll_year;      /* [n_pupils] */
    pupil_def *pupils;   /* listed pupils, ascending roll */
    int n_listed;

    staff_def *staff;
    int n_staff;
    int n_skills;
    const char *skill_names[MAX_SKILLS];
    int64_t skill_demand[MAX_SKILLS];
    bool programme_used[MAX_PROGRAMMES];
    int gap; /* programme without a trained adult, -1 none */
    int64_t statutory, sen_support, usable;
} generator;

static int subject_index(const generator *g, const char *name)
{
    for (int s = 0; s < g->kind->n_subjects; s++)
        if (!strcmp(g->kind->subjects[s], name))
            return s;
    return -1;
}

static int programme_index(const generator *g, const char *name)
{
    for (int q = 0; q < g->kind->n_programmes; q++)
        if (!strcmp(g->kind->programmes[q].id, name))
            return q;
    return -1;
}

static int weighted(tap_random *random, const int *weights, int n)
{
    int total = 0;
    for (int i = 0; i < n; i++)
        total += weights[i];
    int pick = tap_random_below(random, total);
    for (int i = 0; i < n; i++) {
        if (pick < weights[i])
            return i;
        pick -= weights[i];
    }
    return n - 1;
}

static void shuffle(tap_random *random, int *items, int n)
{
    for (int i = n - 1; i > 0; i--) {
        int j = tap_random_below(random, i + 1);
        int t = items[i];
        items[i] = items[j];
        items[j] = t;
    }
}

static int count_bits(uint32_t bits)
{
    int n = 0;
    for (; bits; bits &= bits - 1)
        n++;
    return n;
}

static int round_half_up_div(int numerator, int denominator)
{
    return (2 * numerator + denominator) / (2 * denominator);
}

/* ---- Week ------------------------------------------------------------- */

static void build_week(generator *g)
{
    g->slots = g->kind->slots;
    g->n_slots = g->kind->n_slots;
    /* 25 or 30 one-hour lessons: one secondary in four runs six a day */
    if (g->kind == &secondary_kind && tap_random_chance(&g->random, 250)) {
        g->slots = secondary_slots_6;
        g->n_slots = COUNT(secondary_slots_6);
    }
    g->lessons_a_day = 0;
    for (int t = 0; t < g->n_slots; t++) {
        if (g->slots[t].lesson)
            g->lessons_a_day++;
        else if (!strcmp(g->slots[t].id, "LUNCH"))
            g->lunch = t;
        else
            g->break_slot = t;
    }
}

/* ---- Groups and timetable --------------------------------------------- */

static group_def *add_group(generator *g, int year, int set_subject, const char *id)
{
    group_def *group = &g->groups[g->n_groups++];
    snprintf(group->id, sizeof group->id, "%s", id);
    group->year = year;
    group->set_subject = set_subject;
    for (int d = 0; d < N_DAYS; d++)
        for (int l = 0; l < MAX_LESSONS_A_DAY; l++)
            group->lessons[d][l] = -1;
    return group;
}

/* Deals the multiset of subjects (name, count pairs) into the n free
 * positions, in random order. */
static void deal(generator *g, group_def *group, int (*positions)[2], int n, const char *const *names,
                 const int *counts, int n_names)
{
    int pool[MAX_LESSONS_A_DAY * N_DAYS];
    int k = 0;
    for (int i = 0; i < n_names; i++)
        for (int c = 0; c < counts[i] && k < n; c++)
            pool[k++] = subject_index(g, names[i]);
    shuffle(&g->random, pool, k);
    for (int i = 0; i < k; i++)
        group->lessons[positions[i][0]][positions[i][1]] = pool[i];
}

/* A primary class: core lessons every morning, the foundation subjects
 * dealt into the other positions. */
static void primary_timetable(generator *g, group_def *class)
{
    static const char *const infant_names[] = {"science", "pe", "art", "music", "history",
                                               "geography", "computing", "re", "pshe"};
    static const int infant_counts[] = {1, 2, 1, 1, 1, 1, 1, 1, 1};
    static const char *const junior_names[] = {"science", "pe", "french", "history", "geography",
                                               "art", "music", "computing", "re", "pshe"};
    static const int junior_counts[] = {2, 2, 1, 1, 1, 1, 1, 1, 1, 1};
    int maths = subject_index(g, "maths"), english = subject_index(g, "english");
    int positions[N_DAYS * MAX_LESSONS_A_DAY][2];
    int n = 0;
    bool infant = class->year <= 2;
    /* juniors have English in P3 on three days, foundation on two */
    int foundation_p3[N_DAYS] = {0};
    if (!infant) {
        int days[N_DAYS] = {0, 1, 2, 3, 4};
        shuffle(&g->random, days, N_DAYS);
        foundation_p3[days[0]] = foundation_p3[days[1]] = 1;
    }
    for (int d = 0; d < N_DAYS; d++) {
        class->lessons[d][0] = infant ? subject_index(g, "phonics") : maths;
        class->lessons[d][1] = infant ? maths : english;
        if (infant || !foundation_p3[d])
            class->lessons[d][2] = english;
        else
            positions[n][0] = d, positions[n++][1] = 2;
        for (int l = 3; l < 5; l++)
            positions[n][0] = d, positions[n++][1] = l;
    }
    if (infant)
        deal(g, class, positions, n, infant_names, infant_counts, COUNT(infant_counts));
    else
        deal(g, class, positions, n, junior_names, junior_counts, COUNT(junior_counts));
}

static tap_status build_primary(generator *g)
{
    int n_pupils = g->params->n_pupils;
    int n_classes = (n_pupils + 14) / 28;
    if (n_classes < 1)
        n_classes = 1;
    g->groups = tap_arena_calloc(&g->arena, (size_t)n_classes, sizeof *g->groups);
    if (!g->groups)
        return TAP_ENOMEM;
    int letters[7] = {0};
    for (int c = 0; c < n_classes; c++) {
        /* classes in year order; with fewer than seven, some hold two years */
        int year = c * 7 / n_classes;
        char id[32];
        static const char *const labels[] = {"R", "1", "2", "3", "4", "5", "6"};
        snprintf(id, sizeof id, "%s%c", labels[year], 'A' + letters[year]++);
        primary_timetable(g, add_group(g, year, -1, id));
    }
    /* the roll, class by class, sizes differing by at most one */
    for (int p = 0, c = 0, left = 0; p < n_pupils; p++, left--) {
        if (left == 0 && p > 0)
            c++;
        if (left == 0)
            left = n_pupils / n_classes + (c < n_pupils % n_classes);
        g->roll_year[p] = g->groups[c].year;
        g->roll_groups[4 * p] = c;
        g->roll_n_groups[p] = 1;
    }
    return TAP_OK;
}

/* One year's timetable: the sets of each core subject are blocked at the
 * same times (so a pupil is in exactly one lesson in every slot), the forms
 * share the other positions, each form in its own order. */
static void secondary_year(generator *g, int first_form, int n_forms, int first_set)
{
    static const char *const form_names[] = {"french", "pe", "history", "geography", "art",
                                             "music", "computing", "dt", "re", "drama", "pshe"};
    static const int form_counts[] = {2, 2, 2, 2, 1, 1, 1, 1, 1, 1, 1};
    int n_core = g->lessons_a_day == 6 ? 5 : 4;
    int taken[N_DAYS][MAX_LESSONS_A_DAY];
    for (int d = 0; d < N_DAYS; d++)
        for (int l = 0; l < MAX_LESSONS_A_DAY; l++)
            taken[d][l] = -1;
    for (int c = 0; c < 3; c++) {
        int skip = n_core == 4 ? tap_random_below(&g->random, N_DAYS) : -1;
        for (int d = 0; d < N_DAYS; d++) {
            if (d == skip)
                continue;
            int free_lessons[MAX_LESSONS_A_DAY], n_free = 0;
            for (int l = 0; l < g->lessons_a_day; l++)
                if (taken[d][l] < 0)
                    free_lessons[n_free++] = l;
            if (n_free == 0)
                continue; /* no lesson of the day left (a day needs three for the core) */
            taken[d][free_lessons[tap_random_below(&g->random, n_free)]] = subject_index(g, secondary_core[c]);
        }
    }
    int positions[N_DAYS * MAX_LESSONS_A_DAY][2];
    int n = 0;
    for (int d = 0; d < N_DAYS; d++)
        for (int l = 0; l < g->lessons_a_day; l++)
            if (taken[d][l] < 0)
                positions[n][0] = d, positions[n++][1] = l;
    for (int f = 0; f < n_forms; f++)
        deal(g, &g->groups[first_form + f], positions, n, form_names, form_counts, COUNT(form_counts));
    for (int s = first_set; s < first_set + 3 * n_forms; s++)
        for (int d = 0; d < N_DAYS; d++)
            for (int l = 0; l < g->lessons_a_day; l++)
                if (taken[d][l] == g->groups[s].set_subject)
                    g->groups[s].lessons[d][l] = taken[d][l];
}

static tap_status build_secondary(generator *g)
{
    static const char *const core_codes[] = {"Ma", "En", "Sc"};
    int n_pupils = g->params->n_pupils;
    int n_forms[5], total = 0;
    for (int y = 0; y < 5; y++) {
        int size = n_pupils / 5 + (y < n_pupils % 5);
        n_forms[y] = (size + 16) / 32 > 0 ? (size + 16) / 32 : 1;
        total += 4 * n_forms[y];
    }
    g->groups = tap_arena_calloc(&g->arena, (size_t)total, sizeof *g->groups);
    if (!g->groups)
        return TAP_ENOMEM;
    for (int y = 0, p = 0; y < 5; y++) {
        int first_form = g->n_groups;
        for (int f = 0; f < n_forms[y]; f++) {
            char id[32];
            snprintf(id, sizeof id, "%d%c", 7 + y, 'A' + f);
            add_group(g, 7 + y, -1, id);
        }
        int first_set = g->n_groups;
        for (int c = 0; c < 3; c++)
            for (int f = 0; f < n_forms[y]; f++) {
                char id[32];
                snprintf(id, sizeof id, "%d%s%d", 7 + y, core_codes[c], f + 1);
                add_group(g, 7 + y, subject_index(g, secondary_core[c]), id);
            }
        secondary_year(g, first_form, n_forms[y], first_set);
        int size = n_pupils / 5 + (y < n_pupils % 5);
        for (int i = 0; i < size; i++, p++) {
            g->roll_year[p] = 7 + y;
            g->roll_groups[4 * p] = first_form + i * n_forms[y] / size;
            g->roll_n_groups[p] = 1;
        }
    }
    return TAP_OK;
}

typedef struct {
    int pupil;
    int score;
} ranked;

static int by_score(const void *a, const void *b)
{
    const ranked *x = a, *y = b;
    if (x->score != y->score)
        return x->score > y->score ? -1 : 1;
    return x->pupil < y->pupil ? -1 : x->pupil > y->pupil;
}

/* Sets by attainment: pupils with a plan tend to be lower, so they tend
 * to share the lower sets, as in most schools. Set 1 is the top set. */
static tap_status build_sets(generator *g)
{
    int n_pupils = g->params->n_pupils;
    int *attainment = tap_arena_calloc(&g->arena, (size_t)n_pupils, sizeof *attainment);
    ranked *order = tap_arena_calloc(&g->arena, (size_t)n_pupils, sizeof *order);
    if (!attainment || !order)
        return TAP_ENOMEM;
    for (int p = 0; p < n_pupils; p++)
        attainment[p] = tap_random_below(&g->random, 1000) -
                        (g->roll_plan[p] == TAP_PLAN_EHCP ? 400 : g->roll_plan[p] == TAP_PLAN_SEN_SUPPORT ? 250 : 0);
    for (int first = 0; first < n_pupils;) {
        int year = g->roll_year[first], n = 0;
        while (first + n < n_pupils && g->roll_year[first + n] == year)
            n++;
        for (int c = 0; c < 3; c++) {
            int first_set = -1, n_sets = 0;
            for (int s = 0; s < g->n_groups; s++)
                if (g->groups[s].year == year && g->groups[s].set_subject == subject_index(g, secondary_core[c])) {
                    if (first_set < 0)
                        first_set = s;
                    n_sets++;
                }
            for (int i = 0; i < n; i++) {
                order[i].pupil = first + i;
                order[i].score = attainment[first + i] + tap_random_below(&g->random, 300);
            }
            qsort(order, (size_t)n, sizeof *order, by_score);
            for (int i = 0; i < n; i++) {
                int p = order[i].pupil;
                g->roll_groups[4 * p + g->roll_n_groups[p]++] = first_set + i * n_sets / n;
            }
        }
        first += n;
    }
    return TAP_OK;
}

/* ---- Pupils ----------------------------------------------------------- */

static int lesson_at(const generator *g, const pupil_def *pupil, int day, int lesson)
{
    for (int i = 0; i < pupil->n_groups; i++) {
        int subject = g->groups[pupil->groups[i]].lessons[day][lesson];
        if (subject >= 0)
            return subject;
    }
    return -1;
}

static bool has_strength(const pupil_def *pupil, int subject)
{
    for (int i = 0; i < pupil->n_strengths; i++)
        if (pupil->strengths[i] == subject)
            return true;
    return false;
}

static bool counts(const pupil_def *pupil, int subject)
{
    if (pupil->n_subjects == 0)
        return true;
    for (int i = 0; i < pupil->n_subjects; i++)
        if (pupil->subjects[i] == subject)
            return true;
    return false;
}

static bool allows(const generator *g, int programme, int subject)
{
    const programme_def *q = &g->kind->programmes[programme];
    if (!q->subjects_from[0])
        return true;
    for (int i = 0; q->subjects_from[i]; i++)
        if (subject_index(g, q->subjects_from[i]) == subject)
            return true;
    return false;
}

static bool is_core(const generator *g, int subject)
{
    const char *name = g->kind->subjects[subject];
    return !strcmp(name, "maths") || !strcmp(name, "english") || !strcmp(name, "phonics");
}

/* Strengths: one or two subjects the pupil is taught, never maths, English
 * or phonics, so the lessons an intervention may take stay plentiful. */
static void draw_strengths(generator *g, pupil_def *pupil)
{
    int pool[MAX_SUBJECTS], n = 0;
    bool seen[MAX_SUBJECTS] = {false};
    for (int d = 0; d < N_DAYS; d++)
        for (int l = 0; l < g->lessons_a_day; l++) {
            int s = lesson_at(g, pupil, d, l);
            if (s >= 0 && !seen[s] && !is_core(g, s))
                seen[s] = true;
        }
    for (int s = 0; s < g->kind->n_subjects; s++)
        if (seen[s])
            pool[n++] = s;
    shuffle(&g->random, pool, n);
    pupil->n_strengths = n < 2 ? n : tap_random_between(&g->random, 1, 2);
    for (int i = 0; i < pupil->n_strengths; i++)
        pupil->strengths[i] = pool[i];
    if (pupil->n_strengths == 2 && pupil->strengths[0] > pupil->strengths[1]) {
        int t = pupil->strengths[0];
        pupil->strengths[0] = pupil->strengths[1];
        pupil->strengths[1] = t;
    }
}

/* Chooses n programmes (at most the candidates for the pupil's areas). */
static void draw_programmes(generator *g, pupil_def *pupil, int n, int max_sessions)
{
    int candidates[MAX_PROGRAMMES], n_candidates = 0;
    bool seen[MAX_PROGRAMMES] = {false};
    for (int a = 0; a < N_AREAS; a++) {
        if (!(pupil->needs & area_bits[a]))
            continue;
        for (int i = 0; g->kind->area_programmes[a][i]; i++) {
            int q = programme_index(g, g->kind->area_programmes[a][i]);
            if (q >= 0 && !seen[q])
                seen[q] = true;
        }
    }
    for (int q = 0; q < g->kind->n_programmes; q++)
        if (seen[q])
            candidates[n_candidates++] = q;
    shuffle(&g->random, candidates, n_candidates);
    pupil->n_interventions = n < n_candidates ? n : n_candidates;
    for (int i = 0; i < pupil->n_interventions; i++) {
        pupil->interventions[i].programme = candidates[i];
        pupil->interventions[i].sessions = tap_random_between(&g->random, 1, max_sessions);
    }
}

/* Trims sessions to what one legal week could hold: each session missing a
 * different subject (at most one withdrawal per subject a week), never a
 * strength, within subjects_from, one session of a programme a day.
 * Returns how many of the lessons that count for in-class support the
 * chosen sessions take, so in-class hours can leave room for them. */
static int fit_sessions(const generator *g, pupil_def *pupil)
{
    bool used[MAX_SUBJECTS] = {false};
    int counted_taken = 0;
    for (int n = 0; n < pupil->n_interventions; n++) {
        need_def *need = &pupil->interventions[n];
        bool day_used[N_DAYS] = {false};
        int granted = 0;
        for (int k = 0; k < need->sessions; k++) {
            int best_day = -1, best_subject = -1, best_score = 0;
            for (int d = 0; d < N_DAYS; d++)
                for (int l = 0; l < g->lessons_a_day; l++) {
                    int s = lesson_at(g, pupil, d, l);
                    if (s < 0 || used[s] || day_used[d] || has_strength(pupil, s) || !allows(g, need->programme, s))
                        continue;
                    /* keep lessons that count for in-class support, and
                     * subjects other programmes need, for later */
                    int score = counts(pupil, s) ? 100 : 0;
                    for (int m = n + 1; m < pupil->n_interventions; m++)
                        score += allows(g, pupil->interventions[m].programme, s);
                    if (best_subject < 0 || score < best_score)
                        best_day = d, best_subject = s, best_score = score;
                }
            if (best_subject < 0)
                break;
            used[best_subject] = day_used[best_day] = true;
            counted_taken += counts(pupil, best_subject) ? 1 : 0;
            granted++;
        }
        need->sessions = granted;
    }
    int kept = 0;
    for (int n = 0; n < pupil->n_interventions; n++)
        if (pupil->interventions[n].sessions > 0)
            pupil->interventions[kept++] = pupil->interventions[n];
    pupil->n_interventions = kept;
    return counted_taken;
}

/* Lessons a week in the subjects that count for the pupil's support. */
static int counted_lessons(const generator *g, const pupil_def *pupil)
{
    int n = 0;
    for (int d = 0; d < N_DAYS; d++)
        for (int l = 0; l < g->lessons_a_day; l++) {
            int s = lesson_at(g, pupil, d, l);
            n += s >= 0 && counts(pupil, s);
        }
    return n;
}

/* Restricts support to one to `most` core subjects the pupil is taught
 * that are not strengths. */
static void restrict_subjects(generator *g, pupil_def *pupil, int most)
{
    const char *const *core = g->kind == &primary_kind ? primary_core : secondary_core;
    int pool[3], n = 0;
    for (int i = 0; i < 3; i++) {
        int s = subject_index(g, core[i]);
        bool taught = false;
        for (int d = 0; d < N_DAYS && !taught && s >= 0; d++)
            for (int l = 0; l < g->lessons_a_day; l++)
                taught |= lesson_at(g, pupil, d, l) == s;
        if (taught && !has_strength(pupil, s))
            pool[n++] = s;
    }
    shuffle(&g->random, pool, n);
    pupil->n_subjects = n < most ? n : tap_random_between(&g->random, 1, most);
    for (int i = 0; i < pupil->n_subjects; i++)
        pupil->subjects[i] = pool[i];
    for (int i = 1; i < pupil->n_subjects; i++)
        for (int j = i; j > 0 && pupil->subjects[j - 1] > pupil->subjects[j]; j--) {
            int t = pupil->subjects[j];
            pupil->subjects[j] = pupil->subjects[j - 1];
            pupil->subjects[j - 1] = t;
        }
}

static int other_area(generator *g, int area)
{
    int other = tap_random_below(&g->random, N_AREAS - 1);
    return other >= area ? other + 1 : other;
}

/* An EHC plan: 10 to 25 in-class hours (more often nearer 10), ratio 1 or
 * 2, one to three programmes, cover at break or lunch for SEMH. */
static void draw_ehcp(generator *g, pupil_def *pupil)
{
    pupil->area = weighted(&g->random, ehcp_area_weights, N_AREAS);
    pupil->needs = area_bits[pupil->area];
    if (tap_random_chance(&g->random, 250))
        pupil->needs |= area_bits[other_area(g, pupil->area)];
    pupil->skill = -1;
    if (pupil->area == AREA_CI && tap_random_chance(&g->random, g->kind->makaton_per_mille))
        pupil->skill = SKILL_MAKATON;
    else if (pupil->area == AREA_SEMH && tap_random_chance(&g->random, 500))
        pupil->skill = SKILL_TEAM_TEACH;
    else if (pupil->area == AREA_SP)
        pupil->skill = tap_random_chance(&g->random, 450)   ? SKILL_MANUAL_HANDLING
                       : tap_random_chance(&g->random, 150) ? SKILL_BRAILLE
                                                            : -1;
    draw_strengths(g, pupil);
    int first = tap_random_below(&g->random, 31), second = tap_random_below(&g->random, 31);
    int halves = 20 + (first < second ? first : second);
    pupil->ratio = halves >= 40 || tap_random_chance(&g->random, 500) ? 1 : 2;
    if (pupil->ratio == 2 && pupil->area == AREA_CL && tap_random_chance(&g->random, 600))
        restrict_subjects(g, pupil, 3);
    draw_programmes(g, pupil, tap_random_between(&g->random, 1, 3), 3);
    int taken = fit_sessions(g, pupil);
    int room = counted_lessons(g, pupil) - taken;
    if (pupil->n_subjects > 0 && room < 10) {
        /* too few counted lessons left for ten hours: let every lesson count */
        pupil->n_subjects = 0;
        int sessions = 0;
        for (int n = 0; n < pupil->n_interventions; n++)
            sessions += pupil->interventions[n].sessions;
        room = counted_lessons(g, pupil) - sessions;
    }
    if (halves > 2 * room)
        halves = 2 * room;
    pupil->in_class_quarters = 2 * halves;
    bool semh = pupil->needs & TAP_NEED_SEMH;
    if (semh) {
        pupil->unstructured = 1u << g->lunch;
        if (tap_random_chance(&g->random, 500))
            pupil->unstructured |= 1u << g->break_slot;
        pupil->unstructured_ratio = tap_random_between(&g->random, 2, 3);
    } else if (pupil->area == AREA_CI && tap_random_chance(&g->random, 300)) {
        pupil->unstructured = 1u << g->lunch;
        pupil->unstructured_ratio = 3;
    } else if (pupil->skill == SKILL_MANUAL_HANDLING) {
        pupil->unstructured = 1u << g->lunch;
        pupil->unstructured_ratio = 2;
    }
}

/* SEN support: some in-class time in small groups, usually in one or two
 * core subjects, and a programme or two. */
static void draw_sen_support(generator *g, pupil_def *pupil)
{
    pupil->area = weighted(&g->random, sen_area_weights, N_AREAS);
    pupil->needs = area_bits[pupil->area];
    if (tap_random_chance(&g->random, 150))
        pupil->needs |= area_bits[other_area(g, pupil->area)];
    pupil->skill = -1;
    draw_strengths(g, pupil);
    int quarters = 0;
    if (tap_random_chance(&g->random, 700)) {
        quarters = 4 * tap_random_between(&g->random, 1, 3);
        pupil->ratio = tap_random_between(&g->random, 3, 4);
        if (tap_random_chance(&g->random, 800))
            restrict_subjects(g, pupil, 2);
    } else {
        pupil->ratio = 1;
    }
    int n = tap_random_chance(&g->random, 800) ? 1 + tap_random_chance(&g->random, 150) : 0;
    if (n == 0 && quarters == 0)
        n = 1; /* everyone on SEN support has something planned */
    draw_programmes(g, pupil, n, 2);
    int room = counted_lessons(g, pupil) - fit_sessions(g, pupil);
    if (quarters > 4 * room)
        quarters = 4 * room;
    pupil->in_class_quarters = quarters;
    if (pupil->area == AREA_SEMH && tap_random_chance(&g->random, 250)) {
        pupil->unstructured = 1u << g->lunch;
        pupil->unstructured_ratio = 4;
    }
}

/* Adult seconds a week the pupil's plan asks for, as `taplan check` counts
 * them: hours shared by the ratio, sessions by the programme's group size. */
static int64_t pupil_demand(const generator *g, const pupil_def *pupil)
{
    int64_t demand = (int64_t)pupil->in_class_quarters * QUARTER_SECONDS / pupil->ratio;
    for (int n = 0; n < pupil->n_interventions; n++)
        demand += (int64_t)pupil->interventions[n].sessions * LESSON_SECONDS /
                  g->kind->programmes[pupil->interventions[n].programme].max_group;
    for (int t = 0; t < g->n_slots; t++)
        if (pupil->unstructured >> t & 1u)
            demand += (int64_t)N_DAYS * 60 * (g->slots[t].end - g->slots[t].start) / pupil->unstructured_ratio;
    return demand;
}

/* Who has a plan: round(5.3%) of the roll an EHC plan and round(14.2%) SEN
 * support (DfE, England 2024/25), drawn at random from the whole roll. */
static tap_status choose_plans(generator *g)
{
    int n_pupils = g->params->n_pupils;
    int *order = tap_arena_calloc(&g->arena, (size_t)n_pupils, sizeof *order);
    if (!order)
        return TAP_ENOMEM;
    for (int p = 0; p < n_pupils; p++)
        order[p] = p;
    shuffle(&g->random, order, n_pupils);
    int n_ehcp = round_half_up_div(53 * n_pupils, 1000);
    int n_sen = round_half_up_div(142 * n_pupils, 1000);
    for (int i = 0; i < n_ehcp + n_sen && i < n_pupils; i++)
        g->roll_plan[order[i]] = i < n_ehcp ? TAP_PLAN_EHCP : TAP_PLAN_SEN_SUPPORT;
    g->n_listed = n_ehcp + n_sen < n_pupils ? n_ehcp + n_sen : n_pupils;
    return TAP_OK;
}

static tap_status build_pupils(generator *g)
{
    g->pupils = tap_arena_calloc(&g->arena, (size_t)g->n_listed + 1, sizeof *g->pupils);
    if (!g->pupils)
        return TAP_ENOMEM;
    int k = 0;
    for (int p = 0; p < g->params->n_pupils && k < g->n_listed; p++) {
        if (g->roll_plan[p] == TAP_PLAN_NONE)
            continue;
        pupil_def *pupil = &g->pupils[k++];
        pupil->roll = p + 1;
        pupil->plan = (tap_plan_kind)g->roll_plan[p];
        pupil->n_groups = g->roll_n_groups[p];
        for (int i = 0; i < pupil->n_groups; i++)
            pupil->groups[i] = g->roll_groups[4 * p + i];
        if (pupil->plan == TAP_PLAN_EHCP)
            draw_ehcp(g, pupil);
        else
            draw_sen_support(g, pupil);
        pupil->demand = pupil_demand(g, pupil);
        if (pupil->plan == TAP_PLAN_EHCP)
            g->statutory += pupil->demand;
        else
            g->sen_support += pupil->demand;
        for (int i = 0; i < pupil->n_interventions; i++)
            g->programme_used[pupil->interventions[i].programme] = true;
    }
    /* each group lists the listed pupils in it, ascending */
    for (int i = 0; i < g->n_listed; i++)
        for (int j = 0; j < g->pupils[i].n_groups; j++)
            g->groups[g->pupils[i].groups[j]].n_members++;
    for (int s = 0; s < g->n_groups; s++) {
        group_def *group = &g->groups[s];
        group->members = tap_arena_calloc(&g->arena, (size_t)group->n_members + 1, sizeof *group->members);
        if (!group->members)
            return TAP_ENOMEM;
        group->n_members = 0;
    }
    for (int i = 0; i < g->n_listed; i++)
        for (int j = 0; j < g->pupils[i].n_groups; j++) {
            group_def *group = &g->groups[g->pupils[i].groups[j]];
            group->members[group->n_members++] = i;
        }
    return TAP_OK;
}

/* ---- Staff ------------------------------------------------------------ */

/* Seconds of contact an adult can give at most: the contract or the time
 * they are in school, whichever is less, less a break on each day they
 * work (none when a long enough slot is already off) and their planning
 * slots (counted at their shortest available slot). docs/generator.md. */
static int64_t usable_seconds(const generator *g, const staff_def *adult)
{
    int64_t in_school = 0;
    int shortest = 0;
    for (int d = 0; d < N_DAYS; d++) {
        int available = 0, break_cost = -1;
        bool off_long = false;
        for (int t = 0; t < g->n_slots; t++) {
            int minutes = g->slots[t].end - g->slots[t].start;
            if (adult->unavailable[d] >> t & 1u) {
                off_long |= minutes >= BREAK_MINUTES;
                continue;
            }
            available += minutes;
            if (minutes >= BREAK_MINUTES && (break_cost < 0 || minutes < break_cost))
                break_cost = minutes;
            if (shortest == 0 || minutes < shortest)
                shortest = minutes;
        }
        if (off_long)
            in_school += available;
        else if (break_cost >= 0)
            in_school += available - break_cost;
    }
    in_school *= 60;
    int64_t contract = (int64_t)adult->quarters * QUARTER_SECONDS;
    int64_t usable = (contract < in_school ? contract : in_school) - (int64_t)adult->planning * shortest * 60;
    return usable > 0 ? usable : 0;
}

enum { PATTERN_DAY_OFF, PATTERN_MORNINGS, PATTERN_LEAVES_EARLY, PATTERN_AFTERNOON_OFF, N_PATTERNS };

static void apply_pattern(const generator *g, staff_def *adult, int pattern, int day)
{
    uint32_t afternoon = 0, all = (1u << g->n_slots) - 1;
    for (int t = g->lunch + 1; t < g->n_slots; t++)
        afternoon |= 1u << t;
    memset(adult->unavailable, 0, sizeof adult->unavailable);
    for (int d = 0; d < N_DAYS; d++)
        switch (pattern) {
        case PATTERN_DAY_OFF: adult->unavailable[d] = d == day ? all : 0; break;
        case PATTERN_MORNINGS: adult->unavailable[d] = afternoon; break;
        case PATTERN_LEAVES_EARLY: adult->unavailable[d] = 1u << (g->n_slots - 1); break;
        case PATTERN_AFTERNOON_OFF: adult->unavailable[d] = d == day ? afternoon : 0; break;
        }
}

/* A part-time adult works a pattern, when one holds their contract. */
static void draw_availability(generator *g, staff_def *adult)
{
    if (adult->quarters >= 130 || !tap_random_chance(&g->random, 600))
        return;
    int fitting[N_PATTERNS], n = 0;
    staff_def trial = *adult;
    for (int pattern = 0; pattern < N_PATTERNS; pattern++) {
        apply_pattern(g, &trial, pattern, 0);
        trial.planning = 0;
        if (usable_seconds(g, &trial) >= (int64_t)adult->quarters * QUARTER_SECONDS)
            fitting[n++] = pattern;
    }
    if (n == 0)
        return;
    int pattern = fitting[tap_random_below(&g->random, n)];
    apply_pattern(g, adult, pattern, tap_random_below(&g->random, N_DAYS));
}

/* Hires adults until usable hours x pressure reach demand: the last one
 * hired is the first whose hours make it so. One in eight is an HLTA. */
static tap_status hire_staff(generator *g)
{
    int64_t demand = g->statutory + g->sen_support;
    int capacity = 64;
    g->staff = tap_arena_calloc(&g->arena, (size_t)capacity, sizeof *g->staff);
    if (!g->staff)
        return TAP_ENOMEM;
    while (g->n_staff == 0 || g->usable * g->pressure < demand * 1000) {
        if (g->n_staff == 20000)
            break; /* the reader's bound; unreachable within the parameter bounds */
        if (g->n_staff == capacity) {
            staff_def *more = tap_arena_grow(&g->arena, g->staff, (size_t)capacity, (size_t)capacity * 2, sizeof *more);
            if (!more)
                return TAP_ENOMEM;
            g->staff = more;
            capacity *= 2;
        }
        staff_def *adult = &g->staff[g->n_staff];
        memset(adult, 0, sizeof *adult);
        if (g->n_staff % 8 == 0) {
            adult->role = TAP_ROLE_HLTA;
            adult->quarters = 130;
            adult->pence = 1550 + 5 * tap_random_below(&g->random, 31);
            adult->planning = 2;
        } else {
            adult->role = TAP_ROLE_TA;
            adult->quarters = ta_quarters[weighted(&g->random, ta_quarter_weights, COUNT(ta_quarter_weights))];
            adult->pence = 1265 + 5 * tap_random_below(&g->random, 48);
            adult->planning = 1;
        }
        draw_availability(g, adult);
        adult->usable = usable_seconds(g, adult);
        g->usable += adult->usable;
        g->n_staff++;
    }
    return TAP_OK;
}

/* ---- Skills ----------------------------------------------------------- */

static void give_skill(generator *g, int skill, int64_t target)
{
    int n = g->n_staff, wanted = n < 2 ? n : 2, holders = 0;
    int64_t covered = 0;
    int offset = tap_random_below(&g->random, n);
    while ((covered < target || holders < wanted) && holders < n) {
        int best = -1;
        for (int i = 0; i < n; i++) {
            int a = (offset + i) % n;
            if (g->staff[a].skills >> skill & 1u)
                continue;
            if (best < 0 || count_bits(g->staff[a].skills) < count_bits(g->staff[best].skills))
                best = a;
        }
        if (best < 0)
            break;
        g->staff[best].skills |= 1u << skill;
        covered += g->staff[best].usable;
        holders++;
    }
}

/* Trains adults: each skill in demand goes to the least-skilled adults until
 * their usable hours reach its demand / pressure (at least two holders),
 * pupils' own skills first; then every pupil with a skill of their own gets
 * an adult holding it and each of their programmes. At high pressure one
 * programme, the least in demand, has nobody trained. */
static void train_staff(generator *g)
{
    int n_programmes = g->kind->n_programmes;
    g->n_skills = n_programmes + MAX_PUPIL_SKILLS;
    for (int q = 0; q < n_programmes; q++)
        g->skill_names[q] = g->kind->programmes[q].id;
    for (int k = 0; k < MAX_PUPIL_SKILLS; k++)
        g->skill_names[n_programmes + k] = pupil_skill_names[k];
    for (int i = 0; i < g->n_listed; i++) {
        const pupil_def *pupil = &g->pupils[i];
        if (pupil->skill >= 0)
            g->skill_demand[n_programmes + pupil->skill] += pupil->demand;
        for (int n = 0; n < pupil->n_interventions; n++) {
            int q = pupil->interventions[n].programme;
            g->skill_demand[q] += (int64_t)pupil->interventions[n].sessions * LESSON_SECONDS /
                                  g->kind->programmes[q].max_group;
        }
    }
    g->gap = -1;
    if (g->pressure >= GAP_PRESSURE)
        for (int q = 0; q < n_programmes; q++)
            if (g->programme_used[q] && (g->gap < 0 || g->skill_demand[q] < g->skill_demand[g->gap]))
                g->gap = q;
    bool done[MAX_SKILLS] = {false};
    for (int round = 0; round < g->n_skills; round++) {
        /* pupils' own skills first, then by demand, largest first */
        int best = -1;
        for (int k = 0; k < g->n_skills; k++) {
            if (done[k] || g->skill_demand[k] == 0 || k == g->gap)
                continue;
            bool own = k >= n_programmes, best_own = best >= n_programmes;
            if (best < 0 || (own && !best_own) ||
                (own == best_own && g->skill_demand[k] > g->skill_demand[best]))
                best = k;
        }
        if (best < 0)
            break;
        done[best] = true;
        give_skill(g, best, (g->skill_demand[best] * 1000 + g->pressure - 1) / g->pressure);
    }
    for (int i = 0; i < g->n_listed; i++) {
        const pupil_def *pupil = &g->pupils[i];
        if (pupil->skill < 0)
            continue;
        uint32_t own = 1u << (n_programmes + pupil->skill);
        for (int n = 0; n < pupil->n_interventions; n++) {
            int q = pupil->interventions[n].programme;
            if (q == g->gap)
                continue;
            uint32_t both = own | 1u << q;
            int best = -1;
            for (int a = 0; a < g->n_staff; a++) {
                if ((g->staff[a].skills & both) == both) {
                    best = -2;
                    break;
                }
                if ((g->staff[a].skills & own) &&
                    (best < 0 || count_bits(g->staff[a].skills) < count_bits(g->staff[best].skills)))
                    best = a;
            }
            if (best >= 0)
                g->staff[best].skills |= 1u << q;
        }
    }
}

/* ---- The YAML text ---------------------------------------------------- */

static void print_quarters(tap_text *text, int quarters)
{
    static const char *const fractions[] = {"", ".25", ".5", ".75"};
    tap_text_printf(text, "%d%s", quarters / 4, fractions[quarters % 4]);
}

/* Seconds as hours with two decimals, rounded half up. */
static void print_hours(tap_text *text, int64_t seconds)
{
    int64_t centi = (seconds + 18) / 36;
    tap_text_printf(text, "%" PRId64 ".%02" PRId64, centi / 100, centi % 100);
}

static void print_time(tap_text *text, int minutes)
{
    tap_text_printf(text, "\"%02d:%02d\"", minutes / 60, minutes % 60);
}

static int digits(int n)
{
    int d = 1;
    while (n >= 10)
        n /= 10, d++;
    return d;
}

static void print_pupil_id(const generator *g, tap_text *text, int roll)
{
    int width = digits(g->params->n_pupils) < 3 ? 3 : digits(g->params->n_pupils);
    tap_text_printf(text, "P%0*d", width, roll);
}

static void print_staff_id(const generator *g, tap_text *text, int a)
{
    int width = digits(g->n_staff) < 2 ? 2 : digits(g->n_staff);
    tap_text_printf(text, "%s-%0*d", g->staff[a].role == TAP_ROLE_HLTA ? "HLTA" : "TA", width, a + 1);
}

static void print_subject_list(const generator *g, tap_text *text, const int *subjects, int n)
{
    tap_text_put(text, "[");
    for (int i = 0; i < n; i++)
        tap_text_printf(text, "%s%s", i ? ", " : "", g->kind->subjects[subjects[i]]);
    tap_text_put(text, "]");
}

static void print_header(const generator *g, tap_text *text)
{
    const tap_generator_params *p = g->params;
    tap_text_printf(text,
                    "# A generated school, not a real one: taplan generate --kind %s --pupils %d --seed %" PRIu64
                    " --pressure %d.%03d\n",
                    g->kind->name, p->n_pupils, p->seed, g->pressure / 1000, g->pressure % 1000);
    tap_text_put(text, "# How it is made and where its figures come from: docs/generator.md.\n");
    int n_ehcp = 0;
    for (int i = 0; i < g->n_listed; i++)
        n_ehcp += g->pupils[i].plan == TAP_PLAN_EHCP;
    tap_text_printf(text, "# Of the %d pupils on roll only those with a plan are listed: %d with an\n", p->n_pupils,
                    n_ehcp);
    tap_text_printf(text, "# EHC plan and %d on SEN support. Demand, in adult hours a week: ", g->n_listed - n_ehcp);
    print_hours(text, g->statutory);
    tap_text_put(text, " for\n# EHC plans and ");
    print_hours(text, g->sen_support);
    tap_text_printf(text, " for SEN support; the %d adults can give at most ", g->n_staff);
    print_hours(text, g->usable);
    tap_text_put(text, "\n# contact hours.");
    if (g->gap >= 0)
        tap_text_printf(text, " Nobody is trained in %s yet.", g->kind->programmes[g->gap].id);
    tap_text_printf(text, "\nschool: \"Generated %s school, %d pupils, seed %" PRIu64 "\"\n", g->kind->name,
                    p->n_pupils, p->seed);
}

static void print_week(const generator *g, tap_text *text)
{
    tap_text_put(text, "week:\n  days: [Mon, Tue, Wed, Thu, Fri]\n  slots:\n");
    for (int t = 0; t < g->n_slots; t++) {
        tap_text_printf(text, "    - {id: %s, start: ", g->slots[t].id);
        print_time(text, g->slots[t].start);
        tap_text_put(text, ", end: ");
        print_time(text, g->slots[t].end);
        tap_text_printf(text, ", kind: %s}\n", g->slots[t].lesson ? "lesson" : "unstructured");
    }
    tap_text_put(text, "\nsubjects: [");
    for (int s = 0; s < g->kind->n_subjects; s++)
        tap_text_printf(text, "%s%s", s ? ", " : "", g->kind->subjects[s]);
    tap_text_put(text, "]\n");
}

static void print_groups(const generator *g, tap_text *text)
{
    static const char *const days[N_DAYS] = {"Mon", "Tue", "Wed", "Thu", "Fri"};
    tap_text_put(text, "\n# Groups list only the pupils written below.\ngroups:\n");
    for (int s = 0; s < g->n_groups; s++) {
        const group_def *group = &g->groups[s];
        tap_text_printf(text, "  - {id: %s, pupils: [", group->id);
        for (int i = 0; i < group->n_members; i++) {
            tap_text_put(text, i ? ", " : "");
            print_pupil_id(g, text, g->pupils[group->members[i]].roll);
        }
        tap_text_put(text, "]}\n");
    }
    tap_text_put(text, "\ntimetable:\n");
    for (int s = 0; s < g->n_groups; s++) {
        const group_def *group = &g->groups[s];
        tap_text_printf(text, "  %s:\n", group->id);
        for (int d = 0; d < N_DAYS; d++) {
            tap_text_printf(text, "    %s: [", days[d]);
            for (int l = 0; l < g->lessons_a_day; l++) {
                int subject = group->lessons[d][l];
                tap_text_printf(text, "%s%s", l ? ", " : "", subject >= 0 ? g->kind->subjects[subject] : "-");
            }
            tap_text_put(text, "]\n");
        }
    }
}

static void print_pupils(const generator *g, tap_text *text)
{
    tap_text_put(text, "\npupils:\n");
    for (int i = 0; i < g->n_listed; i++) {
        const pupil_def *pupil = &g->pupils[i];
        tap_text_put(text, "  - id: ");
        print_pupil_id(g, text, pupil->roll);
        tap_text_printf(text, "\n    plan: %s\n    needs: [", pupil->plan == TAP_PLAN_EHCP ? "ehcp" : "sen_support");
        for (int a = 0, n = 0; a < N_AREAS; a++)
            if (pupil->needs & area_bits[a])
                tap_text_printf(text, "%s%s", n++ ? ", " : "", area_names[a]);
        tap_text_put(text, "]\n    strengths: ");
        print_subject_list(g, text, pupil->strengths, pupil->n_strengths);
        tap_text_put(text, "\n    support:\n");
        if (pupil->in_class_quarters > 0) {
            tap_text_put(text, "      in_class_hours: ");
            print_quarters(text, pupil->in_class_quarters);
            tap_text_printf(text, "\n      ratio: %d\n", pupil->ratio);
            if (pupil->n_subjects > 0) {
                tap_text_put(text, "      subjects: ");
                print_subject_list(g, text, pupil->subjects, pupil->n_subjects);
                tap_text_put(text, "\n");
            }
        }
        if (pupil->skill >= 0)
            tap_text_printf(text, "      skills: [%s]\n", pupil_skill_names[pupil->skill]);
        if (pupil->n_interventions > 0) {
            tap_text_put(text, "      interventions: [");
            for (int n = 0; n < pupil->n_interventions; n++)
                tap_text_printf(text, "%s{programme: %s, sessions: %d}", n ? ", " : "",
                                g->kind->programmes[pupil->interventions[n].programme].id,
                                pupil->interventions[n].sessions);
            tap_text_put(text, "]\n");
        }
        if (pupil->unstructured) {
            tap_text_put(text, "      unstructured: {slots: [");
            for (int t = 0, n = 0; t < g->n_slots; t++)
                if (pupil->unstructured >> t & 1u)
                    tap_text_printf(text, "%s%s", n++ ? ", " : "", g->slots[t].id);
            tap_text_printf(text, "], ratio: %d}\n", pupil->unstructured_ratio);
        }
    }
}

static void print_programmes(const generator *g, tap_text *text)
{
    tap_text_put(text, "\nprogrammes:\n");
    for (int q = 0; q < g->kind->n_programmes; q++) {
        if (!g->programme_used[q])
            continue;
        const programme_def *programme = &g->kind->programmes[q];
        tap_text_printf(text, "  - {id: %s, skill: %s, max_group: %d", programme->id, programme->id,
                        programme->max_group);
        if (programme->subjects_from[0]) {
            tap_text_put(text, ", subjects_from: [");
            for (int i = 0; programme->subjects_from[i]; i++)
                tap_text_printf(text, "%s%s", i ? ", " : "", programme->subjects_from[i]);
            tap_text_put(text, "]");
        }
        tap_text_put(text, "}\n");
    }
}

static void print_staff(const generator *g, tap_text *text)
{
    static const char *const days[N_DAYS] = {"Mon", "Tue", "Wed", "Thu", "Fri"};
    uint32_t all = (1u << g->n_slots) - 1;
    tap_text_put(text, "\nstaff:\n");
    for (int a = 0; a < g->n_staff; a++) {
        const staff_def *adult = &g->staff[a];
        tap_text_put(text, "  - {id: ");
        print_staff_id(g, text, a);
        tap_text_printf(text, ", role: %s, hours: ", adult->role == TAP_ROLE_HLTA ? "hlta" : "ta");
        print_quarters(text, adult->quarters);
        tap_text_printf(text, ", cost_per_hour: %d.%02d", adult->pence / 100, adult->pence % 100);
        if (adult->planning != 1)
            tap_text_printf(text, ", planning_slots: %d", adult->planning);
        tap_text_put(text, ",\n     skills: [");
        for (int k = 0, n = 0; k < g->n_skills; k++)
            if (adult->skills >> k & 1u)
                tap_text_printf(text, "%s%s", n++ ? ", " : "", g->skill_names[k]);
        tap_text_put(text, "]");
        bool any = false;
        for (int d = 0; d < N_DAYS; d++) {
            if (!adult->unavailable[d])
                continue;
            tap_text_put(text, any ? ", " : ",\n     unavailable: [");
            any = true;
            if (adult->unavailable[d] == all) {
                tap_text_put(text, days[d]);
                continue;
            }
            tap_text_printf(text, "{day: %s, slots: [", days[d]);
            for (int t = 0, n = 0; t < g->n_slots; t++)
                if (adult->unavailable[d] >> t & 1u)
                    tap_text_printf(text, "%s%s", n++ ? ", " : "", g->slots[t].id);
            tap_text_put(text, "]}");
        }
        tap_text_put(text, any ? "]}\n" : "}\n");
    }
}

/* ---- The public functions --------------------------------------------- */

tap_generator_params tap_generator_defaults(void)
{
    tap_generator_params params = {TAP_GENERATOR_PRIMARY, 280, 1, 1.0};
    return params;
}

tap_status tap_generator_check(const tap_generator_params *params, tap_diags *diags)
{
    tap_pos none = {NULL, 0, 0};
    tap_status status = TAP_OK;
    bool primary = params->kind == TAP_GENERATOR_PRIMARY;
    int low = primary ? TAP_GENERATOR_MIN_PRIMARY : TAP_GENERATOR_MIN_SECONDARY;
    int high = primary ? TAP_GENERATOR_MAX_PRIMARY : TAP_GENERATOR_MAX_SECONDARY;
    if (params->kind != TAP_GENERATOR_PRIMARY && params->kind != TAP_GENERATOR_SECONDARY)
        status = tap_diags_add(diags, none, "generate: the kind of school must be primary or secondary");
    else if (params->n_pupils < low || params->n_pupils > high)
        status = tap_diags_add(diags, none, "generate: a generated %s school has %d to %d pupils, not %d",
                               primary ? "primary" : "secondary", low, high, params->n_pupils);
    if (!(params->pressure >= TAP_GENERATOR_MIN_PRESSURE && params->pressure <= TAP_GENERATOR_MAX_PRESSURE))
        status = tap_diags_add(diags, none, "generate: the pressure must lie between %g and %g",
                               TAP_GENERATOR_MIN_PRESSURE, TAP_GENERATOR_MAX_PRESSURE);
    return status;
}

static tap_status build(generator *g)
{
    int n = g->params->n_pupils;
    g->roll_plan = tap_arena_calloc(&g->arena, (size_t)n, sizeof *g->roll_plan);
    g->roll_groups = tap_arena_calloc(&g->arena, (size_t)n * 4, sizeof *g->roll_groups);
    g->roll_n_groups = tap_arena_calloc(&g->arena, (size_t)n, sizeof *g->roll_n_groups);
    g->roll_year = tap_arena_calloc(&g->arena, (size_t)n, sizeof *g->roll_year);
    if (!g->roll_plan || !g->roll_groups || !g->roll_n_groups || !g->roll_year)
        return TAP_ENOMEM;
    build_week(g);
    bool primary = g->kind == &primary_kind;
    tap_status status = primary ? build_primary(g) : build_secondary(g);
    if (status == TAP_OK)
        status = choose_plans(g);
    if (status == TAP_OK && !primary)
        status = build_sets(g);
    if (status == TAP_OK)
        status = build_pupils(g);
    if (status == TAP_OK)
        status = hire_staff(g);
    if (status == TAP_OK)
        train_staff(g);
    return status;
}

static void summarise(const generator *g, tap_generator_summary *summary)
{
    memset(summary, 0, sizeof *summary);
    summary->n_pupils = g->params->n_pupils;
    for (int i = 0; i < g->n_listed; i++)
        if (g->pupils[i].plan == TAP_PLAN_EHCP)
            summary->n_ehcp++;
        else
            summary->n_sen_support++;
    summary->n_groups = g->n_groups;
    for (int s = 0; s < g->n_groups; s++)
        for (int d = 0; d < N_DAYS; d++)
            for (int l = 0; l < g->lessons_a_day; l++)
                summary->n_lessons += g->groups[s].lessons[d][l] >= 0;
    summary->n_staff = g->n_staff;
    for (int q = 0; q < g->kind->n_programmes; q++)
        summary->n_programmes += g->programme_used[q];
    summary->lessons_a_week = N_DAYS * g->lessons_a_day;
    summary->statutory_hours = (double)g->statutory / 3600.0;
    summary->sen_support_hours = (double)g->sen_support / 3600.0;
    summary->usable_hours = (double)g->usable / 3600.0;
    summary->gap_programme = g->gap >= 0;
}

tap_status tap_generator_render(const tap_generator_params *params, char **text, size_t *length,
                                tap_generator_summary *summary, tap_diags *diags)
{
    *text = NULL;
    *length = 0;
    tap_status status = tap_generator_check(params, diags);
    if (status != TAP_OK)
        return status;
    generator g;
    memset(&g, 0, sizeof g);
    g.params = params;
    g.pressure = (int)(params->pressure * 1000.0 + 0.5);
    g.kind = params->kind == TAP_GENERATOR_PRIMARY ? &primary_kind : &secondary_kind;
    g.random = tap_random_seeded(params->seed);
    status = build(&g);
    if (status == TAP_OK) {
        /* the reader's own bound, so every rendered school can be read */
        tap_text out = tap_text_empty(TAP_FILE_MAX_BYTES);
        print_header(&g, &out);
        print_week(&g, &out);
        print_groups(&g, &out);
        print_pupils(&g, &out);
        print_programmes(&g, &out);
        print_staff(&g, &out);
        status = tap_text_finish(&out, text, length);
        if (status == TAP_OK && summary)
            summarise(&g, summary);
    }
    tap_arena_destroy(&g.arena);
    return status;
}
