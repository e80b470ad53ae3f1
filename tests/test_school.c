/* test_school.c - the YAML reader and validator: a small school read to the
 * last field, one fixture per class of error with every expected line
 * worked out by hand, and hostile inputs that must fail fast and cleanly. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "base/file.h"
#include "support/testing.h"

/* Printed diagnostics of reading and checking path, with every occurrence
 * of the folder part of path removed, so lines read "NAME:LINE:COLUMN: ..."
 * (malloc'd). */
static char *errors_at(const char *path)
{
    tap_diags diags = {0};
    tap_school *school = NULL;
    tap_status status = tap_school_read(path, &school, &diags);
    if (status == TAP_OK)
        status = tap_school_check(school, &diags);
    char *printed = NULL;
    size_t length = 0;
    FILE *stream = open_memstream(&printed, &length);
    assert_non_null(stream);
    tap_diags_print(&diags, stream);
    fclose(stream);
    tap_diags_clear(&diags);
    tap_school_destroy(&school);
    assert_null(school);
    const char *slash = strrchr(path, '/');
    size_t folder = slash ? (size_t)(slash - path + 1) : 0;
    char *out = calloc(strlen(printed) + 1, 1);
    assert_non_null(out);
    size_t used = 0;
    for (const char *from = printed; *from;) {
        if (folder && !strncmp(from, path, folder))
            from += folder;
        else
            out[used++] = *from++;
    }
    free(printed);
    return out;
}

static void expect_file_errors(const char *name, const char *expected)
{
    char *actual = errors_at(test_data(name));
    assert_string_equal(actual, expected);
    free(actual);
}

/* Writes length bytes as school.yaml in a scratch folder; returns the
 * diagnostics as errors_at prints them. */
static char *errors_of_bytes(const char *text, size_t length)
{
    char *dir = test_scratch_dir();
    char path[4200];
    snprintf(path, sizeof path, "%s/school.yaml", dir);
    FILE *file = fopen(path, "wb");
    assert_non_null(file);
    assert_int_equal(fwrite(text, 1, length, file), length);
    fclose(file);
    char *errors = errors_at(path);
    remove(path);
    rmdir(dir);
    free(dir);
    return errors;
}

static void expect_errors(const char *text, const char *expected)
{
    char *actual = errors_of_bytes(text, strlen(text));
    assert_string_equal(actual, expected);
    free(actual);
}

#define WEEK                                                                                                           \
    "week:\n"                                                                                                          \
    "  days: [Mon]\n"                                                                                                  \
    "  slots:\n"                                                                                                       \
    "    - {id: P1, start: \"09:00\", end: \"10:00\", kind: lesson}\n"                                                 \
    "    - {id: LUNCH, start: \"12:00\", end: \"13:00\", kind: unstructured}\n"                                        \
    "subjects: [maths, music]\n"

/* ---- a valid school, every field ---- */

static void test_small_school(void **state)
{
    (void)state;
    tap_school *s = test_load_school("school_small.yaml");
    assert_string_equal(s->name, "Test Primary");

    assert_int_equal(s->n_days, 3);
    assert_int_equal(s->n_slots, 4);
    assert_int_equal(s->slots[0].start_minute, 9 * 60); /* "9:00" */
    assert_int_equal(s->slots[2].start_minute, 10 * 60 + 20);
    assert_int_equal(s->slots[1].kind, TAP_SLOT_UNSTRUCTURED);
    assert_int_equal(s->slots[2].kind, TAP_SLOT_LESSON);
    assert_int_equal(s->slots[3].pos.line, 10);
    assert_int_equal(s->slots[3].pos.column, 7);
    assert_true(fabs(s->slot_hours[1] - 20.0 / 60) < 1e-12);
    assert_true(fabs(s->mean_lesson_hours - (1.0 + 40.0 / 60) / 2) < 1e-12);

    /* skills in the order first named: programmes are read before pupils,
     * pupils before staff */
    assert_int_equal(s->n_skills, 3);
    assert_string_equal(s->skills[0].id, "speech_language");
    assert_int_equal(s->skills[0].pos.line, 46);
    assert_int_equal(s->skills[0].pos.column, 25);
    assert_string_equal(s->skills[1].id, "makaton");
    assert_int_equal(s->skills[1].pos.line, 35);
    assert_int_equal(s->skills[1].pos.column, 16);
    assert_string_equal(s->skills[2].id, "manual_handling");

    /* membership: 3A lists P02, P01; P01 lists SET1 and 3A; 3B is a bare id */
    int g3a = tap_school_find_group(s, "3A"), set1 = tap_school_find_group(s, "SET1");
    int g3b = tap_school_find_group(s, "3B");
    int p1 = tap_school_find_pupil(s, "P01"), p2 = tap_school_find_pupil(s, "P02"), p3 = tap_school_find_pupil(s, "P03");
    assert_int_equal(g3a, 0);
    assert_int_equal(set1, 1);
    assert_int_equal(g3b, 2);
    assert_int_equal(p1, 0);
    assert_int_equal(p2, 1);
    assert_int_equal(p3, 2);
    assert_int_equal(tap_school_find_pupil(s, "P99"), -1);
    assert_true(s->groups[g3a].lists_pupils);
    assert_false(s->groups[set1].lists_pupils);
    assert_int_equal(s->groups[g3a].n_pupils, 2);
    assert_int_equal(s->groups[g3a].pupils[0], p1); /* ascending */
    assert_int_equal(s->groups[g3a].pupils[1], p2);
    assert_int_equal(s->groups[set1].n_pupils, 1);
    assert_int_equal(s->groups[set1].pupils[0], p1);
    assert_int_equal(s->groups[g3b].n_pupils, 0);
    assert_int_equal(s->pupils[p1].n_groups, 2);
    assert_int_equal(s->pupils[p1].groups[0], g3a); /* ascending, though listed SET1 first */
    assert_int_equal(s->pupils[p1].groups[1], set1);
    assert_int_equal(s->pupils[p2].n_groups, 1);
    assert_int_equal(s->pupils[p3].n_groups, 0);

    /* lessons: two listed, three from the grid, of which Mon P1 repeats */
    int mon = 0, tue = 1, wed = 2, slot_p1 = 0, slot_p2 = 2;
    int maths = tap_school_find_subject(s, "maths"), english = tap_school_find_subject(s, "english");
    int music = tap_school_find_subject(s, "music");
    assert_int_equal(s->n_lessons, 4);
    assert_int_equal(tap_group_lesson_at(s, g3a, mon, slot_p1), 0);
    assert_int_equal(tap_group_lesson_at(s, set1, tue, slot_p2), 1);
    assert_int_equal(tap_group_lesson_at(s, g3a, mon, slot_p2), 2);
    assert_int_equal(tap_group_lesson_at(s, g3a, wed, slot_p2), 3);
    assert_int_equal(tap_group_lesson_at(s, g3a, wed, slot_p1), -1); /* "-" */
    assert_int_equal(tap_group_lesson_at(s, g3a, mon, 1), -1);
    assert_int_equal(s->lessons[2].subject, music);
    assert_int_equal(s->lessons[2].pos.line, 22);
    assert_int_equal(s->lessons[2].pos.column, 18);
    assert_int_equal(s->lessons[3].subject, english);
    assert_int_equal(tap_pupil_lesson_at(s, p1, tue, slot_p2), 1);
    assert_int_equal(tap_pupil_lesson_at(s, p2, tue, slot_p2), -1);
    assert_int_equal(tap_pupil_lesson_at(s, p2, mon, slot_p1), 0);
    assert_int_equal(tap_pupil_lesson_at(s, p3, mon, slot_p1), -1);

    /* pupils: given values, defaults and short forms */
    const tap_pupil *a = &s->pupils[p1];
    assert_string_equal(a->name, "Jane Example");
    assert_int_equal(a->plan, TAP_PLAN_EHCP);
    assert_int_equal(a->needs, TAP_NEED_SEMH | TAP_NEED_COMMUNICATION_INTERACTION);
    assert_true(tap_pupil_has_strength(a, music));
    assert_false(tap_pupil_has_strength(a, maths));
    assert_true(a->in_class_hours == 2.5);
    assert_int_equal(a->ratio, 2);
    assert_true(tap_pupil_counts_subject(a, english));
    assert_false(tap_pupil_counts_subject(a, music));
    assert_int_equal(a->n_skills, 1);
    assert_int_equal(a->skills[0], 1);
    assert_int_equal(a->n_interventions, 1);
    assert_int_equal(a->interventions[0].programme, 0);
    assert_int_equal(a->interventions[0].sessions, 2);
    assert_int_equal(a->unstructured_slots, 1u << 3);
    assert_int_equal(a->unstructured_days, 7);  /* default: every day */
    assert_int_equal(a->unstructured_ratio, 2); /* default: the pupil's ratio */
    assert_int_equal(a->pos.line, 25);
    assert_int_equal(a->pos.column, 5);
    const tap_pupil *b = &s->pupils[p2];
    assert_null(b->name);
    assert_int_equal(b->plan, TAP_PLAN_SEN_SUPPORT);
    assert_true(b->in_class_hours == 0);
    assert_int_equal(b->ratio, 1);
    assert_true(tap_pupil_counts_subject(b, music));
    assert_int_equal(b->unstructured_slots, 1u << 1 | 1u << 3);
    assert_int_equal(b->unstructured_days, 1u << tue);
    assert_int_equal(b->unstructured_ratio, 3);
    const tap_pupil *c = &s->pupils[p3]; /* "- P03": an id and nothing else */
    assert_int_equal(c->plan, TAP_PLAN_NONE);
    assert_int_equal(c->ratio, 1);
    assert_int_equal(c->unstructured_slots, 0);
    assert_int_equal(c->unstructured_days, 0);
    assert_int_equal(c->pos.line, 44);

    const tap_programme *speech = &s->programmes[0];
    assert_int_equal(speech->skill, 0);
    assert_int_equal(speech->max_group, 3);
    assert_int_equal(speech->n_subjects_from, 1);
    assert_int_equal(speech->subjects_from[0], english);

    const tap_staff *hughes = &s->staff[tap_school_find_staff(s, "TA-Hughes")];
    const tap_staff *khan = &s->staff[tap_school_find_staff(s, "T-Khan")];
    assert_int_equal(hughes->role, TAP_ROLE_TA); /* default */
    assert_true(hughes->hours == 26);
    assert_true(hughes->cost_per_hour == 15.40);
    assert_int_equal(hughes->planning_slots, 1); /* resolved from the policy */
    assert_false(hughes->optional);
    assert_true(tap_staff_has_skill(hughes, 0));
    assert_true(tap_staff_can_support(hughes, a));
    assert_false(tap_staff_can_support(khan, a));
    assert_true(tap_staff_can_support(khan, b)); /* b needs no skill */
    assert_int_equal(hughes->unavailable[mon], 0);
    assert_int_equal(hughes->unavailable[tue], 1u << slot_p2);
    assert_int_equal(hughes->unavailable[wed], UINT32_MAX); /* "Wed": the whole day */
    assert_true(tap_staff_available(hughes, tue, slot_p1));
    assert_false(tap_staff_available(hughes, tue, slot_p2));
    assert_int_equal(khan->role, TAP_ROLE_TEACHER);
    assert_int_equal(khan->planning_slots, 2);
    assert_true(khan->optional);
    assert_int_equal(tap_staff_session_capacity(hughes, speech), 3);
    assert_int_equal(tap_staff_session_capacity(khan, speech), 6);

    assert_true(s->budget.has_weekly);
    assert_true(s->budget.weekly == 1000);
    assert_true(s->budget.weeks_per_year == 39);
    assert_int_equal(s->policy.strengths, TAP_STRENGTHS_SOFT);
    assert_int_equal(s->policy.max_withdrawals_per_subject, 1);
    assert_int_equal(s->policy.max_adults_per_pupil, 3);
    assert_int_equal(s->policy.break_minutes, 20);
    assert_int_equal(s->policy.planning_slots, 1);
    assert_true(s->policy.time_limit_s == 60);
    assert_true(s->policy.weights.hire_cost == 0.5);
    assert_true(s->policy.weights.statutory == 1000);
    assert_true(s->policy.weights.strength_support == 0.5);
    tap_school_destroy(&s);
    assert_null(s);
}

static void test_policy_defaults(void **state)
{
    (void)state;
    tap_policy p = tap_policy_default();
    assert_int_equal(p.strengths, TAP_STRENGTHS_HARD);
    assert_int_equal(p.max_withdrawals_per_subject, 1);
    assert_int_equal(p.max_adults_per_pupil, 3);
    assert_int_equal(p.break_minutes, 20);
    assert_int_equal(p.planning_slots, 1);
    assert_true(p.time_limit_s == 60);
    tap_weights w = p.weights;
    assert_true(w.statutory == 1000 && w.sen_support == 10 && w.sen_fairness == 20 && w.strength_withdrawal == 50);
    assert_true(w.strength_support == 0.5 && w.continuity == 1 && w.hire_cost == 0.01 && w.change == 2);
}

/* An hour of statutory support outweighs each other term at least as much
 * as with the defaults: the policy's weight, raised with any other weight
 * and never lowered below that, capped at the largest weight a file may
 * give. */
static void test_statutory_weight_stays_heaviest(void **state)
{
    (void)state;
    tap_weights w = tap_policy_default().weights;
    assert_true(tap_weights_statutory(&w) == 1000);
    w.statutory = 1; /* lowered: what the defaults need */
    assert_true(tap_weights_statutory(&w) == 1000);
    w.statutory = 5000; /* raised: as given */
    assert_true(tap_weights_statutory(&w) == 5000);
    w = tap_policy_default().weights;
    w.change = 600; /* 500 changes to the hour, as 1000 to 2 */
    assert_true(tap_weights_statutory(&w) == 300000);
    w.change = 2, w.sen_support = 100; /* 100 SEN-support hours to the hour */
    assert_true(tap_weights_statutory(&w) == 10000);
    w.sen_support = 10, w.hire_cost = 1; /* 100,000 a week of hires to the hour */
    assert_true(tap_weights_statutory(&w) == 1e5);
    w.hire_cost = 1e9; /* capped */
    assert_true(tap_weights_statutory(&w) == 1e9);
}

/* ---- one fixture per class of error ---- */

static void test_syntax_error(void **state)
{
    (void)state;
    expect_file_errors("bad_syntax.yaml",
                       "bad_syntax.yaml:2:10: error: invalid YAML: mapping values are not allowed in this context\n");
}

static void test_anchors_and_aliases_rejected(void **state)
{
    (void)state;
    expect_file_errors("bad_anchor.yaml",
                       "bad_anchor.yaml:3:9: error: anchors (&name) are not allowed in a school file\n");
    expect_errors("school: *name\n", "school.yaml:1:9: error: aliases (*name) are not allowed in a school file\n");
    expect_errors("school: &a x\n", "school.yaml:1:9: error: anchors (&name) are not allowed in a school file\n");
}

static void test_keys_and_types(void **state)
{
    (void)state;
    char *actual = errors_at(test_data("bad_keys.yaml"));
    assert_string_equal(actual,
                        "bad_keys.yaml:28:1: error: unknown key 'polcy' in the school file\n"
                        "bad_keys.yaml:14:23: error: pupil 'P07': in_class_hours: expected a number, found 'lots'\n"
                        "bad_keys.yaml:16:31: error: unknown key 'sesions' in pupil 'P07'\n"
                        "bad_keys.yaml:16:11: error: pupil 'P07': an intervention needs programme and sessions\n"
                        "bad_keys.yaml:17:29: error: pupil 'P07': unstructured slots: expected a list, found a mapping\n"
                        "bad_keys.yaml:20:5: error: unknown key 'strenghts' in pupil 'P08'\n"
                        "bad_keys.yaml:22:5: error: duplicate key 'plan' in pupil 'P08'\n"
                        "bad_keys.yaml:19:11: error: pupil 'P08': name: expected a single value, found a list\n"
                        "bad_keys.yaml:27:59: error: staff 'TA-2': unavailable: expected a list, found a mapping\n");
    assert_null(strstr(actual, "Secret")); /* names are personal data */
    free(actual);
}

static void test_unknown_references(void **state)
{
    (void)state;
    expect_file_errors(
        "bad_references.yaml",
        "bad_references.yaml:10:28: error: group '3A': unknown pupil 'P99'\n"
        "bad_references.yaml:29:58: error: programme 'speech': unknown subject 'english'\n"
        "bad_references.yaml:21:17: error: pupil 'P07': unknown subject 'musik'\n"
        "bad_references.yaml:24:25: error: pupil 'P07': unknown subject 'englsh'\n"
        "bad_references.yaml:25:35: error: pupil 'P07': unknown programme 'speach'\n"
        "bad_references.yaml:26:30: error: pupil 'P07': unknown slot 'DINNER'\n"
        "bad_references.yaml:26:38: error: pupil 'P07': slot 'P1' is a lesson slot; unstructured support needs an "
        "unstructured slot\n"
        "bad_references.yaml:26:55: error: pupil 'P07': unknown day 'Sat'\n"
        "bad_references.yaml:22:18: error: pupil 'P07': unknown group '3Z'\n"
        "bad_references.yaml:31:41: error: staff 'TA-1': unknown day 'Sun'\n"
        "bad_references.yaml:31:65: error: staff 'TA-1': unknown slot 'P9'\n"
        "bad_references.yaml:31:71: error: staff 'TA-1': unavailable: each entry needs a day\n"
        "bad_references.yaml:27:24: error: pupil 'P08' lists group '3A', but group '3A' does not list pupil 'P08'\n"
        "bad_references.yaml:11:23: error: group '4B' lists pupil 'P08', but pupil 'P08' does not list group '4B'\n"
        "bad_references.yaml:13:22: error: lesson of group '3A': unknown day 'Fri'\n"
        "bad_references.yaml:13:46: error: lesson of group '3A': unknown subject 'math'\n"
        "bad_references.yaml:14:13: error: lesson: unknown group '4C'\n"
        "bad_references.yaml:15:33: error: lesson of group '3A': slot 'LUNCH' is not a lesson slot\n"
        "bad_references.yaml:17:14: error: timetable of group '3A': unknown subject 'musik'\n"
        "bad_references.yaml:18:3: error: timetable: unknown group '3C'\n");
}

static void test_values_out_of_range(void **state)
{
    (void)state;
    expect_file_errors(
        "bad_values.yaml",
        "bad_values.yaml:5:36: error: slot 'P1': end: expected a time HH:MM, found '10:60'\n"
        "bad_values.yaml:6:55: error: slot 'LUNCH': kind: expected lesson or unstructured, found 'playtime'\n"
        "bad_values.yaml:14:53: error: programme 'speech': max_group: must be at least 1, found 0\n"
        "bad_values.yaml:10:11: error: pupil 'P07': plan: expected none, sen_support or ehcp, found 'statutory'\n"
        "bad_values.yaml:11:13: error: pupil 'P07': needs: expected communication_interaction, cognition_learning, "
        "semh or sensory_physical, found 'speech'\n"
        "bad_values.yaml:12:31: error: pupil 'P07': in_class_hours: must be at least 0, found -2\n"
        "bad_values.yaml:12:42: error: pupil 'P07': ratio: expected a whole number, found '1.5'\n"
        "bad_values.yaml:12:93: error: pupil 'P07': sessions: must be at least 0, found -1\n"
        "bad_values.yaml:16:22: error: staff 'TA-1': role: expected ta, hlta or teacher, found 'tutor'\n"
        "bad_values.yaml:16:36: error: staff 'TA-1': hours: must be at most 168, found 200\n"
        "bad_values.yaml:16:56: error: staff 'TA-1': cost_per_hour: expected a number, found '0x10'\n"
        "bad_values.yaml:16:72: error: staff 'TA-1': optional: expected true or false, found 'maybe'\n"
        "bad_values.yaml:17:18: error: budget: weekly: must be at least 0, found -5\n"
        "bad_values.yaml:19:14: error: policy: strengths: expected hard or soft, found 'medium'\n"
        "bad_values.yaml:20:25: error: policy: max_adults_per_pupil: must be at least 1, found 0\n"
        "bad_values.yaml:21:17: error: policy: time_limit_s: must be more than 0\n"
        "bad_values.yaml:22:28: error: unknown key 'fairness' in policy.weights\n"
        "bad_values.yaml:22:24: error: policy.weights: statutory: must be at least 0, found -1\n");
}

static void test_consistency(void **state)
{
    (void)state;
    expect_file_errors(
        "bad_consistency.yaml",
        "bad_consistency.yaml:6:7: error: slot 'P2': starts before slot 'P1' ends (slots are listed in time order)\n"
        "bad_consistency.yaml:7:7: error: slot 'LUNCH': must end after it starts\n"
        "bad_consistency.yaml:15:14: error: group '3A' has two different lessons at Mon P1: 'maths' and 'music'\n"
        "bad_consistency.yaml:18:5: error: pupil 'P07' is in two lessons at Mon P1 (groups '3A' and 'SET1')\n"
        "bad_consistency.yaml:23:11: error: pupil 'P07': programme 'speech' is asked for twice\n"
        "bad_consistency.yaml:27:5: error: staff 'TA-1': 0.5 contracted hours cannot hold 1 planning slot (the "
        "shortest slot is 60 minutes)\n"
        "bad_consistency.yaml:29:25: error: no slot is at least 90 minutes long (policy.break_minutes), so no adult "
        "could take a break\n"
        "bad_consistency.yaml:28:9: error: budget: weekly 4 is below 5, the weekly cost of the staff who are not "
        "optional\n");
}

/* ---- smaller cases, inline ---- */

static void test_week_shape(void **state)
{
    (void)state;
    expect_errors("week:\n  days: [Mon, Tue, Wed, Thu, Fri, Sat, Sun, Mon2]\n  slots: []\n",
                  "school.yaml:2:9: error: week.days: at most 7, found 8\n"
                  "school.yaml:3:10: error: week.slots: at least one slot is needed\n");
    expect_errors("week:\n  days: []\n  slots:\n    - {id: P1, start: \"09:00\", end: \"10:00\"}\n",
                  "school.yaml:2:9: error: week.days: at least one day is needed\n"
                  "school.yaml:4:7: error: slot 'P1': needs id, start, end and kind\n");
    expect_errors("school: x\n", "school.yaml:1:1: error: the school file needs a week\n");
    expect_errors("# nothing\n", "school.yaml:1:1: error: the file is empty\n");
    expect_errors(WEEK "---\nschool: again\n",
                  "school.yaml:7:1: error: a school file holds one YAML document; a second one starts here\n");
}

static void test_times(void **state)
{
    (void)state;
    expect_errors("week:\n  days: [Mon]\n  slots:\n"
                  "    - {id: A, start: \"0:00\", end: \"24:00\", kind: lesson}\n"
                  "    - {id: B, start: \"24:01\", end: \"9:5\", kind: lesson}\n"
                  "    - {id: C, start: 0900, end: \" 9:00\", kind: lesson}\n",
                  "school.yaml:5:22: error: slot 'B': start: expected a time HH:MM, found '24:01'\n"
                  "school.yaml:5:36: error: slot 'B': end: expected a time HH:MM, found '9:5'\n"
                  "school.yaml:6:22: error: slot 'C': start: expected a time HH:MM, found '0900'\n"
                  "school.yaml:6:33: error: slot 'C': end: expected a time HH:MM, found ' 9:00'\n");
}

static void test_duplicate_ids(void **state)
{
    (void)state;
    expect_errors(WEEK "groups: [G, G]\npupils:\n  - {id: A}\n  - {id: A, plan: ehcp}\n"
                       "subjects: [art]\n",
                  "school.yaml:11:1: error: duplicate key 'subjects' in the school file\n"
                  "school.yaml:10:10: error: duplicate pupil id 'A'\n"
                  "school.yaml:7:13: error: duplicate group id 'G'\n");
}

static void test_timetable_grid(void **state)
{
    (void)state;
    /* rows have one entry per lesson slot; a day or group given twice is a
     * repeated key */
    expect_errors(WEEK "groups: [G]\ntimetable:\n  G: {Mon: [maths, music], Mon: [maths]}\n  G: {Mon: [maths]}\n",
                  "school.yaml:9:12: error: timetable of group 'G': Mon: 2 entries for 1 lesson slots (one per "
                  "lesson slot, \"-\" for none)\n"
                  "school.yaml:9:28: error: duplicate key 'Mon' in timetable of group 'G'\n"
                  "school.yaml:10:3: error: duplicate key 'G' in timetable\n");
}

static void test_nul_rejected(void **state)
{
    (void)state;
    static const char text[] = "school: \"a\\0b\"\n";
    expect_errors(text, "school.yaml:1:9: error: text may not contain a NUL character\n");
    static const char raw[] = "school: a\0b\n";
    char *actual = errors_of_bytes(raw, sizeof raw - 1);
    assert_non_null(strstr(actual, "school.yaml:1:10: error: invalid YAML: "));
    free(actual);
}

static void test_deep_nesting_fails_fast(void **state)
{
    (void)state;
    size_t n = 1000000;
    char *text = malloc(n + 16);
    assert_non_null(text);
    memcpy(text, "school: ", 8);
    memset(text + 8, '[', n);
    clock_t start = clock();
    char *actual = errors_of_bytes(text, n + 8);
    double seconds = (double)(clock() - start) / CLOCKS_PER_SEC;
    /* the root mapping is level 1, so the 32nd bracket is one too many */
    assert_string_equal(actual, "school.yaml:1:40: error: nested more than 32 levels deep\n");
    assert_true(seconds < 1.0);
    free(actual);
    free(text);
}

/* Many keys, ids and memberships: everything stays near-linear. */
static void test_large_school_is_fast(void **state)
{
    (void)state;
    int n = 20000;
    size_t capacity = (size_t)n * 40 + 1000, used = 0;
    char *text = malloc(capacity);
    assert_non_null(text);
    used += (size_t)snprintf(text + used, capacity - used, WEEK "groups:\n  - id: G\n    pupils: [");
    for (int i = 0; i < n; i++)
        used += (size_t)snprintf(text + used, capacity - used, "%sP%d", i ? ", " : "", i);
    used += (size_t)snprintf(text + used, capacity - used, "]\npupils:\n");
    for (int i = 0; i < n; i++)
        used += (size_t)snprintf(text + used, capacity - used, "  - {id: P%d, groups: [G]}\n", i);
    clock_t start = clock();
    char *actual = errors_of_bytes(text, used);
    double seconds = (double)(clock() - start) / CLOCKS_PER_SEC;
    assert_string_equal(actual, "");
    assert_true(seconds < 2.0);
    free(actual);
    free(text);
}

static void test_file_limits(void **state)
{
    (void)state;
    tap_diags diags = {0};
    tap_school *school = NULL;
    assert_int_equal(tap_school_read(test_data("no_such_school.yaml"), &school, &diags), TAP_EIO);
    assert_null(school);
    assert_int_equal(diags.n_items, 1);
    assert_string_equal(diags.items[0].message, "cannot open: No such file or directory");
    tap_diags_clear(&diags);

    char *dir = test_scratch_dir();
    char path[4200];
    snprintf(path, sizeof path, "%s/f", dir);
    const char text[] = "0123456789";
    assert_int_equal(tap_file_write_atomic(path, text, 10, &diags), TAP_OK);
    struct stat info;
    assert_int_equal(stat(path, &info), 0);
    assert_int_equal(info.st_mode & 0777, 0600);
    char *data = NULL;
    size_t length = 0;
    assert_int_equal(tap_file_read(path, 10, &data, &length, &diags), TAP_OK); /* exactly the bound */
    assert_int_equal(length, 10);
    assert_string_equal(data, text);
    free(data);
    assert_int_equal(tap_file_read(path, 9, &data, &length, &diags), TAP_EINPUT);
    assert_null(data);
    assert_string_equal(diags.items[0].message, "the file is larger than 9 bytes");
    tap_diags_clear(&diags);
    assert_int_equal(tap_file_read(dir, 10, &data, &length, &diags), TAP_EIO);
    tap_diags_clear(&diags);
    /* a write into a missing folder fails and leaves nothing behind */
    snprintf(path, sizeof path, "%s/missing/f", dir);
    assert_int_equal(tap_file_write_atomic(path, text, 10, &diags), TAP_EIO);
    assert_int_equal(diags.n_items, 1);
    tap_diags_clear(&diags);
    snprintf(path, sizeof path, "%s/f", dir);
    remove(path);
    assert_int_equal(rmdir(dir), 0); /* empty: no temporary file was left */
    free(dir);
}

/* A school changed in code (as a scenario does) is checked again without
 * trusting the reader's guarantees. */
static void test_check_of_changed_school(void **state)
{
    (void)state;
    tap_school *s = test_load_school("school_small.yaml");
    tap_diags diags = {0};
    s->staff[0].hours = NAN;
    s->pupils[0].ratio = 0;
    s->lessons[0].group = 99;
    assert_int_equal(tap_school_check(s, &diags), TAP_EINPUT);
    assert_int_equal(diags.n_items, 1); /* a broken reference stops the checks that would index with it */
    assert_string_equal(diags.items[0].message, "lesson: refers to a group, day, slot or subject that does not exist");
    tap_diags_clear(&diags);
    s->lessons[0].group = 0;
    assert_int_equal(tap_school_check(s, &diags), TAP_EINPUT);
    assert_int_equal(diags.n_items, 2);
    assert_string_equal(diags.items[0].message, "pupil 'P01': a ratio must be at least 1");
    assert_string_equal(diags.items[1].message, "staff 'TA-Hughes': hours must lie between 0 and 168");
    tap_diags_clear(&diags);
    tap_school_destroy(&s);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_small_school),
        cmocka_unit_test(test_policy_defaults),
        cmocka_unit_test(test_statutory_weight_stays_heaviest),
        cmocka_unit_test(test_syntax_error),
        cmocka_unit_test(test_anchors_and_aliases_rejected),
        cmocka_unit_test(test_keys_and_types),
        cmocka_unit_test(test_unknown_references),
        cmocka_unit_test(test_values_out_of_range),
        cmocka_unit_test(test_consistency),
        cmocka_unit_test(test_week_shape),
        cmocka_unit_test(test_times),
        cmocka_unit_test(test_duplicate_ids),
        cmocka_unit_test(test_timetable_grid),
        cmocka_unit_test(test_nul_rejected),
        cmocka_unit_test(test_deep_nesting_fails_fast),
        cmocka_unit_test(test_large_school_is_fast),
        cmocka_unit_test(test_file_limits),
        cmocka_unit_test(test_check_of_changed_school),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
