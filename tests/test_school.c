/* test_school.c - the YAML reader and validator: exact located messages for
 * each class of error, all errors at once, short forms and defaults. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "support/testing.h"

static char path[4200];

/* Writes text as a school file and returns the diagnostics as printed,
 * with the file's path replaced by "school.yaml" (malloc'd). */
static char *errors_of(const char *text)
{
    char *dir = test_scratch_dir();
    snprintf(path, sizeof path, "%s/school.yaml", dir);
    free(dir);
    FILE *file = fopen(path, "w");
    assert_non_null(file);
    fputs(text, file);
    fclose(file);
    tap_diags diags = {0};
    tap_school *school = NULL;
    tap_status status = tap_school_read(path, &school, &diags);
    if (status == TAP_OK)
        status = tap_school_check(school, &diags);
    char *printed = NULL;
    size_t length = 0;
    FILE *stream = open_memstream(&printed, &length);
    tap_diags_print(&diags, stream);
    fclose(stream);
    tap_diags_clear(&diags);
    tap_school_destroy(&school);
    /* strip the scratch folder from every line */
    char *out = calloc(strlen(printed) + 1, 1);
    size_t used = 0;
    const char *from = printed;
    size_t prefix = strlen(path) - strlen("school.yaml");
    while (*from) {
        if (!strncmp(from, path, strlen(path)))
            from += prefix;
        const char *end = strchr(from, '\n');
        size_t n = end ? (size_t)(end - from + 1) : strlen(from);
        memcpy(out + used, from, n);
        used += n;
        from += n;
    }
    free(printed);
    return out;
}

#define WEEK                                                                                                           \
    "week:\n"                                                                                                          \
    "  days: [Mon]\n"                                                                                                  \
    "  slots:\n"                                                                                                       \
    "    - {id: P1, start: \"09:00\", end: \"10:00\", kind: lesson}\n"                                                 \
    "    - {id: LUNCH, start: \"12:00\", end: \"13:00\", kind: unstructured}\n"                                        \
    "subjects: [maths, music]\n"

static void expect_errors(const char *text, const char *expected)
{
    char *actual = errors_of(text);
    assert_string_equal(actual, expected);
    free(actual);
}

static void test_unknown_key(void **state)
{
    (void)state;
    expect_errors(WEEK "pupils:\n  - {id: A, plan: ehcp, suport: {in_class_hours: 1}}\n",
                  "school.yaml:8:25: error: unknown key 'suport' in pupil 'A'\n");
}

static void test_duplicate_key(void **state)
{
    (void)state;
    expect_errors(WEEK "staff:\n  - {id: T, hours: 10, hours: 12}\n",
                  "school.yaml:8:24: error: duplicate key 'hours' in staff 'T'\n");
}

static void test_wrong_type(void **state)
{
    (void)state;
    expect_errors(WEEK "staff:\n  - {id: T, hours: lots}\n",
                  "school.yaml:8:20: error: staff 'T': hours: expected a number, found 'lots'\n");
}

static void test_unknown_id(void **state)
{
    (void)state;
    expect_errors(WEEK "groups:\n  - {id: G, pupils: [A, Z]}\npupils:\n  - {id: A}\n",
                  "school.yaml:8:25: error: group 'G': unknown pupil 'Z'\n");
}

static void test_negative_hours(void **state)
{
    (void)state;
    expect_errors(WEEK "staff:\n  - {id: T, hours: -3}\n",
                  "school.yaml:8:20: error: staff 'T': hours: must be at least 0, found -3\n");
}

static void test_times_out_of_order(void **state)
{
    (void)state;
    expect_errors("week:\n  days: [Mon]\n  slots:\n"
                  "    - {id: P1, start: \"10:00\", end: \"09:00\", kind: lesson}\n",
                  "school.yaml:4:7: error: slot 'P1': must end after it starts\n");
}

static void test_aliases_rejected(void **state)
{
    (void)state;
    expect_errors(WEEK "pupils:\n  - &a {id: A}\n", "school.yaml:8:5: error: anchors (&name) are not allowed in a school file\n");
}

static void test_deep_nesting_rejected(void **state)
{
    (void)state;
    char text[400] = "school: ";
    for (int i = 0; i < 40; i++)
        strcat(text, "[");
    char *actual = errors_of(text);
    assert_non_null(strstr(actual, "nested more than 32 levels deep"));
    free(actual);
}

static void test_all_errors_at_once(void **state)
{
    (void)state;
    expect_errors(WEEK "pupils:\n"
                       "  - {id: A, plan: ehcp, strengths: [musik]}\n"
                       "  - {id: B, plan: maybe}\n",
                  "school.yaml:8:37: error: pupil 'A': unknown subject 'musik'\n"
                  "school.yaml:9:19: error: pupil 'B': plan: expected none, sen_support or ehcp, found 'maybe'\n");
    /* consistency errors come all at once too, once the file reads */
    expect_errors(WEEK "pupils:\n  - {id: A}\n  - {id: A}\nstaff:\n  - {id: T, hours: 0.1, planning_slots: 1}\n",
                  "school.yaml:9:10: error: duplicate pupil id 'A'\n");
}

static void test_pupil_in_two_lessons(void **state)
{
    (void)state;
    expect_errors(WEEK "groups:\n  - {id: G1, pupils: [A]}\n  - {id: G2, pupils: [A]}\n"
                       "timetable:\n  G1: {Mon: [maths]}\n  G2: {Mon: [music]}\npupils:\n  - {id: A}\n",
                  "school.yaml:14:5: error: pupil 'A' is in two lessons at Mon P1 (groups 'G1' and 'G2')\n");
}

static void test_short_forms_and_defaults(void **state)
{
    (void)state;
    tap_school *s = test_load_school("solve_budget.yaml");
    assert_int_equal(s->n_lessons, 3);                  /* from the timetable grid */
    assert_int_equal(s->policy.max_adults_per_pupil, 3); /* default */
    assert_int_equal(s->staff[0].planning_slots, 0);    /* policy planning_slots: 0 */
    assert_true(s->staff[1].optional);
    assert_true(s->budget.has_weekly);
    assert_int_equal((int)s->budget.weeks_per_year, 39);
    assert_int_equal(s->pupils[0].ratio, 1);
    tap_school_destroy(&s);
    assert_null(s);

    char *none = errors_of(WEEK "groups:\n  - {id: G}\n"
                                "pupils:\n  - {id: A, groups: [G], support: {unstructured: {slots: [LUNCH]}}}\n"
                                "staff:\n  - {id: T, hours: 10, cost_per_hour: 12, unavailable: [Mon]}\n");
    assert_string_equal(none, "");
    free(none);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_unknown_key),
        cmocka_unit_test(test_duplicate_key),
        cmocka_unit_test(test_wrong_type),
        cmocka_unit_test(test_unknown_id),
        cmocka_unit_test(test_negative_hours),
        cmocka_unit_test(test_times_out_of_order),
        cmocka_unit_test(test_aliases_rejected),
        cmocka_unit_test(test_deep_nesting_rejected),
        cmocka_unit_test(test_all_errors_at_once),
        cmocka_unit_test(test_pupil_in_two_lessons),
        cmocka_unit_test(test_short_forms_and_defaults),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
