/* random_school.c - see random_school.h. Draws the whole school into small
 * fixed arrays, then prints it. Every choice is a whole number from our
 * own random stream, so the bytes are the same everywhere. */
#include "random_school.h"

#include <stdbool.h>
#include <string.h>

#include "../base/file.h"
#include "../base/random.h"
#include "../base/text.h"

#define MAX_DAYS 3
#define MAX_LESSONS 4
#define MAX_SLOTS (MAX_LESSONS + 1)
#define MAX_GROUPS 3
#define MAX_PROGRAMMES 2
#define MAX_STAFF 4
#define N_SUBJECTS 5
#define N_SKILLS 4
#define NO_LESSON (-1)

static const char *const day_names[MAX_DAYS] = {"Mon", "Tue", "Wed"};
static const char *const subject_names[N_SUBJECTS] = {"maths", "english", "art", "music", "science"};
static const char *const skill_names[N_SKILLS] = {"makaton", "team_teach", "speech", "fine_motor"};
static const char *const role_names[] = {"ta", "ta", "hlta", "teacher"};
static const int lesson_minutes[] = {45, 50, 60, 60};
static const int unstructured_minutes[] = {15, 20, 30, 60};
static const int in_class_quarters[] = {0, 2, 4, 8, 12, 16}; /* 0 to 4 h */
static const int ratios[] = {1, 1, 2, 3};
static const int staff_hours[] = {2, 3, 4, 6, 8, 12};
static const int staff_pence[] = {1000, 1250, 1500, 3000};
static const int break_lengths[] = {0, 15, 20, 45};
static const int budget_room_pence[] = {0, 3000, 10000, 100000};

#define PICK(random, array) ((array)[tap_random_below((random), (int)(sizeof(array) / sizeof((array)[0])))])

typedef struct {
    int start, end; /* minutes after midnight */
    bool lesson;
    int lesson_index; /* among lessons; -1 for the unstructured slot */
} slot_draw;

typedef struct {
    int skill;
    int max_group;
    unsigned subjects_from; /* bit per subject; 0: any lesson */
} programme_draw;

typedef struct {
    bool ehcp;
    int group;
    int in_class_quarters;
    int ratio;
    unsigned subjects; /* support.subjects; 0: every lesson counts */
    int skill;         /* -1: none */
    int sessions[MAX_PROGRAMMES]; /* 0: not in the programme */
    int unstructured_ratio;       /* 0: no cover asked */
    int strength;                 /* subject, -1: none */
} pupil_draw;

typedef struct {
    int role;
    unsigned skills;
    int hours;
    int pence; /* cost per hour */
    int planning;
    int away_day, away_slot; /* one slot unavailable; -1: none */
    bool optional;
} staff_draw;

typedef struct {
    uint64_t seed;
    int n_days, n_lessons, n_slots, n_subjects, n_groups, n_programmes, n_pupils, n_staff;
    slot_draw slots[MAX_SLOTS];
    int timetable[MAX_GROUPS][MAX_DAYS][MAX_LESSONS]; /* subject, NO_LESSON */
    programme_draw programmes[MAX_PROGRAMMES];
    pupil_draw pupils[TAP_RANDOM_SCHOOL_MAX_PUPILS];
    staff_draw staff[MAX_STAFF];
    bool soft_strengths;
    int max_withdrawals;  /* 0: the default */
    int max_adults;       /* 0: the default */
    int break_minutes;
    bool has_budget;
    int budget_room_pence; /* above the cost of the staff who are not optional */
} school_draw;

/* k distinct items of n, as a bit set. */
static unsigned some_of(tap_random *random, int n, int k)
{
    unsigned chosen = 0;
    for (int picked = 0; picked < k && picked < n;) {
        int i = tap_random_below(random, n);
        if (!(chosen & (1u << i))) {
            chosen |= 1u << i;
            picked++;
        }
    }
    return chosen;
}

static void draw_week(school_draw *d, tap_random *random)
{
    d->n_days = tap_random_between(random, 1, MAX_DAYS);
    d->n_lessons = tap_random_between(random, 2, MAX_LESSONS);
    int unstructured_after = tap_random_below(random, d->n_lessons);
    int minute = 9 * 60;
    for (int l = 0; l < d->n_lessons; l++) {
        int length = PICK(random, lesson_minutes);
        d->slots[d->n_slots++] = (slot_draw){minute, minute + length, true, l};
        minute += length;
        if (l == unstructured_after) {
            length = PICK(random, unstructured_minutes);
            d->slots[d->n_slots++] = (slot_draw){minute, minute + length, false, -1};
            minute += length;
        }
    }
    d->n_subjects = tap_random_between(random, 3, N_SUBJECTS);
    d->n_groups = tap_random_between(random, 1, MAX_GROUPS);
    for (int g = 0; g < d->n_groups; g++)
        for (int day = 0; day < d->n_days; day++)
            for (int l = 0; l < d->n_lessons; l++)
                /* now and then a free lesson: no subject, no support */
                d->timetable[g][day][l] = tap_random_chance(random, 30) ? NO_LESSON
                                                                        : tap_random_below(random, d->n_subjects);
}

static void draw_programmes(school_draw *d, tap_random *random)
{
    d->n_programmes = tap_random_between(random, 1, MAX_PROGRAMMES);
    for (int q = 0; q < d->n_programmes; q++) {
        programme_draw *programme = &d->programmes[q];
        programme->skill = tap_random_below(random, N_SKILLS);
        programme->max_group = tap_random_between(random, 1, 3);
        programme->subjects_from = tap_random_chance(random, 300) ? some_of(random, d->n_subjects, 2) : 0;
    }
}

static void draw_pupil(school_draw *d, tap_random *random, pupil_draw *pupil)
{
    pupil->ehcp = tap_random_chance(random, 667);
    pupil->group = tap_random_below(random, d->n_groups);
    pupil->in_class_quarters = PICK(random, in_class_quarters);
    pupil->ratio = PICK(random, ratios);
    pupil->subjects = tap_random_chance(random, 300) ? some_of(random, d->n_subjects, 2) : 0;
    pupil->skill = tap_random_chance(random, 300) ? tap_random_below(random, N_SKILLS) : -1;
    if (tap_random_chance(random, 600)) {
        /* one programme, or every one */
        bool all = tap_random_chance(random, 500);
        int only = tap_random_below(random, d->n_programmes);
        for (int q = 0; q < d->n_programmes; q++)
            if (all || q == only)
                pupil->sessions[q] = tap_random_between(random, 1, 2);
    }
    pupil->unstructured_ratio = tap_random_chance(random, 300) ? tap_random_between(random, 1, 2) : 0;
    pupil->strength = tap_random_chance(random, 400) ? tap_random_below(random, d->n_subjects) : -1;
}

static void draw_staff(school_draw *d, tap_random *random)
{
    d->n_staff = tap_random_between(random, 1, MAX_STAFF);
    for (int a = 0; a < d->n_staff; a++) {
        staff_draw *adult = &d->staff[a];
        adult->role = tap_random_below(random, (int)(sizeof role_names / sizeof role_names[0]));
        adult->skills = some_of(random, N_SKILLS, tap_random_below(random, N_SKILLS));
        adult->hours = PICK(random, staff_hours);
        adult->pence = PICK(random, staff_pence);
        adult->planning = tap_random_chance(random, 333);
        adult->away_day = adult->away_slot = -1;
        if (tap_random_chance(random, 300)) {
            adult->away_day = tap_random_below(random, d->n_days);
            adult->away_slot = tap_random_below(random, d->n_slots);
        }
        adult->optional = tap_random_chance(random, 200);
    }
}

static void draw_policy(school_draw *d, tap_random *random)
{
    d->soft_strengths = tap_random_chance(random, 300);
    d->max_withdrawals = tap_random_chance(random, 300) ? tap_random_between(random, 1, 2) : 0;
    d->max_adults = tap_random_chance(random, 400) ? tap_random_between(random, 1, 2) : 0;
    d->break_minutes = PICK(random, break_lengths);
    d->has_budget = tap_random_chance(random, 300);
    d->budget_room_pence = PICK(random, budget_room_pence);
}

/* ---- printing ---------------------------------------------------------- */

static void print_time(tap_text *out, int minutes)
{
    tap_text_printf(out, "\"%02d:%02d\"", minutes / 60, minutes % 60);
}

static void print_pence(tap_text *out, long long pence)
{
    tap_text_printf(out, "%lld.%02lld", pence / 100, pence % 100);
}

/* A flow list of names, one per bit set. */
static void print_names(tap_text *out, unsigned bits, const char *const *names, int n)
{
    tap_text_put(out, "[");
    const char *separator = "";
    for (int i = 0; i < n; i++)
        if (bits & (1u << i)) {
            tap_text_printf(out, "%s%s", separator, names[i]);
            separator = ", ";
        }
    tap_text_put(out, "]");
}

static void print_week(const school_draw *d, tap_text *out)
{
    tap_text_printf(out, "school: Random school %llu\nweek:\n  days: [", (unsigned long long)d->seed);
    for (int day = 0; day < d->n_days && day < MAX_DAYS; day++)
        tap_text_printf(out, "%s%s", day ? ", " : "", day_names[day]);
    tap_text_put(out, "]\n  slots:\n");
    for (int t = 0; t < d->n_slots; t++) {
        const slot_draw *slot = &d->slots[t];
        if (slot->lesson)
            tap_text_printf(out, "    - {id: P%d, start: ", slot->lesson_index + 1);
        else
            tap_text_put(out, "    - {id: U, start: ");
        print_time(out, slot->start);
        tap_text_put(out, ", end: ");
        print_time(out, slot->end);
        tap_text_printf(out, ", kind: %s}\n", slot->lesson ? "lesson" : "unstructured");
    }
    tap_text_put(out, "subjects: ");
    print_names(out, (1u << d->n_subjects) - 1, subject_names, N_SUBJECTS);
    tap_text_put(out, "\ngroups:\n");
    for (int g = 0; g < d->n_groups; g++)
        tap_text_printf(out, "  - {id: G%d}\n", g + 1);
    tap_text_put(out, "timetable:\n");
    for (int g = 0; g < d->n_groups; g++) {
        tap_text_printf(out, "  G%d:\n", g + 1);
        for (int day = 0; day < d->n_days; day++) {
            tap_text_printf(out, "    %s: [", day_names[day]);
            for (int l = 0; l < d->n_lessons; l++) {
                int subject = d->timetable[g][day][l];
                tap_text_printf(out, "%s%s", l ? ", " : "", subject == NO_LESSON ? "\"-\"" : subject_names[subject]);
            }
            tap_text_put(out, "]\n");
        }
    }
}

static void print_pupils(const school_draw *d, tap_text *out)
{
    tap_text_put(out, "pupils:\n");
    for (int p = 0; p < d->n_pupils; p++) {
        const pupil_draw *pupil = &d->pupils[p];
        tap_text_printf(out, "  - id: P%02d\n    plan: %s\n    groups: [G%d]\n", p + 1,
                        pupil->ehcp ? "ehcp" : "sen_support", pupil->group + 1);
        if (pupil->strength >= 0)
            tap_text_printf(out, "    strengths: [%s]\n", subject_names[pupil->strength]);
        tap_text_printf(out, "    support:\n      in_class_hours: %d.%02d\n      ratio: %d\n",
                        pupil->in_class_quarters / 4, pupil->in_class_quarters % 4 * 25, pupil->ratio);
        if (pupil->subjects) {
            tap_text_put(out, "      subjects: ");
            print_names(out, pupil->subjects, subject_names, N_SUBJECTS);
            tap_text_put(out, "\n");
        }
        if (pupil->skill >= 0)
            tap_text_printf(out, "      skills: [%s]\n", skill_names[pupil->skill]);
        bool any = false;
        for (int q = 0; q < d->n_programmes; q++)
            if (pupil->sessions[q] > 0) {
                tap_text_printf(out, "%s        - {programme: prog%d, sessions: %d}\n",
                                any ? "" : "      interventions:\n", q + 1, pupil->sessions[q]);
                any = true;
            }
        if (pupil->unstructured_ratio > 0)
            tap_text_printf(out, "      unstructured: {slots: [U], ratio: %d}\n", pupil->unstructured_ratio);
    }
    tap_text_put(out, "programmes:\n");
    for (int q = 0; q < d->n_programmes; q++) {
        const programme_draw *programme = &d->programmes[q];
        tap_text_printf(out, "  - {id: prog%d, skill: %s, max_group: %d", q + 1, skill_names[programme->skill],
                        programme->max_group);
        if (programme->subjects_from) {
            tap_text_put(out, ", subjects_from: ");
            print_names(out, programme->subjects_from, subject_names, N_SUBJECTS);
        }
        tap_text_put(out, "}\n");
    }
}

static void print_staff(const school_draw *d, tap_text *out)
{
    tap_text_put(out, "staff:\n");
    long long fixed_pence = 0;
    for (int a = 0; a < d->n_staff; a++) {
        const staff_draw *adult = &d->staff[a];
        tap_text_printf(out, "  - {id: A%d, role: %s, hours: %d, cost_per_hour: ", a + 1, role_names[adult->role],
                        adult->hours);
        print_pence(out, adult->pence);
        tap_text_printf(out, ", planning_slots: %d, skills: ", adult->planning);
        print_names(out, adult->skills, skill_names, N_SKILLS);
        if (adult->away_day >= 0) {
            const slot_draw *slot = &d->slots[adult->away_slot];
            tap_text_printf(out, ",\n     unavailable: [{day: %s, slots: [", day_names[adult->away_day]);
            if (slot->lesson)
                tap_text_printf(out, "P%d]}]", slot->lesson_index + 1);
            else
                tap_text_put(out, "U]}]");
        }
        if (adult->optional)
            tap_text_put(out, ", optional: true");
        else
            fixed_pence += (long long)adult->hours * adult->pence;
        tap_text_put(out, "}\n");
    }
    if (d->has_budget) {
        tap_text_put(out, "budget: {weekly: ");
        print_pence(out, fixed_pence + d->budget_room_pence);
        tap_text_put(out, "}\n");
    }
    tap_text_printf(out, "policy:\n  break_minutes: %d\n", d->break_minutes);
    if (d->soft_strengths)
        tap_text_put(out, "  strengths: soft\n");
    if (d->max_withdrawals)
        tap_text_printf(out, "  max_withdrawals_per_subject: %d\n", d->max_withdrawals);
    if (d->max_adults)
        tap_text_printf(out, "  max_adults_per_pupil: %d\n", d->max_adults);
}

tap_status tap_random_school_render(uint64_t seed, int n_pupils, char **text, size_t *length, tap_diags *diags)
{
    *text = NULL;
    *length = 0;
    if (n_pupils < 0 || n_pupils > TAP_RANDOM_SCHOOL_MAX_PUPILS)
        return tap_diags_add(diags, (tap_pos){NULL, 0, 0}, "generate: a tiny school has 1 to %d pupils, not %d",
                             TAP_RANDOM_SCHOOL_MAX_PUPILS, n_pupils);
    school_draw d;
    memset(&d, 0, sizeof d);
    d.seed = seed;
    tap_random random = tap_random_seeded(seed);
    draw_week(&d, &random);
    draw_programmes(&d, &random);
    d.n_pupils = n_pupils > 0 ? n_pupils : tap_random_between(&random, 2, 7);
    for (int p = 0; p < d.n_pupils; p++)
        draw_pupil(&d, &random, &d.pupils[p]);
    draw_staff(&d, &random);
    draw_policy(&d, &random);

    tap_text out = tap_text_empty(TAP_FILE_MAX_BYTES);
    tap_text_printf(&out, "# A tiny school of random shape (taplan generate --kind tiny --seed %llu)\n",
                    (unsigned long long)seed);
    print_week(&d, &out);
    print_pupils(&d, &out);
    print_staff(&d, &out);
    return tap_text_finish(&out, text, length);
}
