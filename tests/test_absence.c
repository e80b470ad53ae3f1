/* test_absence.c - absence files and the command line's short form against
 * tests/data/absence_school.yaml (days Mon, Tue, Wed; slots P1, P2, BREAK,
 * P3, LUNCH, P4, after-school = bits 0 to 6, so a whole day is 0x7f). Every
 * mask and position below was worked out from the fixtures by hand. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "model/absence.h"
#include "support/testing.h"

#define WHOLE_DAY 0x7fu
#define P1 0x01u
#define P2 0x02u
#define BREAK 0x04u
#define P3 0x08u
#define LUNCH 0x10u
#define P4 0x20u
#define AFTER_SCHOOL 0x40u

static int setup(void **state)
{
    *state = test_load_school("absence_school.yaml");
    return 0;
}

static int teardown(void **state)
{
    tap_school *school = *state;
    tap_school_destroy(&school);
    return 0;
}

static void expect_item(const tap_school *s, const tap_absence *a, const char *staff, const char *day,
                        unsigned slots, int line, int column)
{
    assert_string_equal(s->staff[a->staff].id, staff);
    assert_string_equal(s->days[a->day].id, day);
    assert_int_equal(a->slots, slots);
    assert_int_equal(a->pos.line, line);
    assert_int_equal(a->pos.column, column);
}

static void test_every_file_form(void **state)
{
    const tap_school *s = *state;
    tap_diags diags = {0};
    tap_absences *list = NULL;
    assert_int_equal(tap_absences_read(s, test_data("absences_good.yaml"), &list, &diags), TAP_OK);
    assert_int_equal(diags.n_items, 0);
    assert_int_equal(list->n_items, 8);
    expect_item(s, &list->items[0], "TA-Hughes", "Tue", WHOLE_DAY, 3, 5);
    /* lines 4 and 5 name the same adult and day: one entry, slots united */
    expect_item(s, &list->items[1], "TA-Khan", "Wed", P1 | P2 | P4, 4, 5);
    expect_item(s, &list->items[2], "T-Lee", "Mon", LUNCH, 6, 5);
    expect_item(s, &list->items[3], "T-Lee", "Wed", LUNCH, 6, 5);
    expect_item(s, &list->items[4], "TA-Osei", "Mon", WHOLE_DAY, 7, 5);
    expect_item(s, &list->items[5], "TA-Osei", "Tue", WHOLE_DAY, 7, 5);
    expect_item(s, &list->items[6], "TA-Osei", "Wed", WHOLE_DAY, 7, 5);
    /* the short form inside a file: P1 to P3 takes BREAK, which lies between */
    expect_item(s, &list->items[7], "TA-Hughes", "Mon", P1 | P2 | BREAK | P3, 8, 5);
    assert_true(strstr(list->items[0].pos.file, "absences_good.yaml") != NULL);
    tap_absences_destroy(&list);
    assert_null(list);
}

static void test_empty_list(void **state)
{
    tap_diags diags = {0};
    tap_absences *list = NULL;
    assert_int_equal(tap_absences_read(*state, test_data("absences_empty.yaml"), &list, &diags), TAP_OK);
    assert_non_null(list);
    assert_int_equal(list->n_items, 0);
    tap_absences_destroy(&list);
}

static void test_file_errors(void **state)
{
    tap_diags diags = {0};
    tap_absences *list = NULL;
    assert_int_equal(tap_absences_read(*state, test_data("absences_bad.yaml"), &list, &diags), TAP_EINPUT);
    assert_null(list);
    char *text = test_diags_text(&diags);
    assert_string_equal(
        text,
        "absences_bad.yaml:14:1: error: unknown key 'extra' in the absence file\n"
        "absences_bad.yaml:3:13: error: absence: unknown staff 'TA-Hughs'\n"
        "absences_bad.yaml:4:27: error: absence of 'TA-Khan': unknown day 'Tues'\n"
        "absences_bad.yaml:5:44: error: absence of 'TA-Khan': unknown slot 'P9'\n"
        "absences_bad.yaml:6:22: error: unknown key 'slot' in absence of 'TA-Khan'\n"
        "absences_bad.yaml:7:5: error: absence of 'TA-Khan': needs day, days or week: true\n"
        "absences_bad.yaml:8:5: error: absence of 'TA-Khan': give only one of day, days and week\n"
        "absences_bad.yaml:9:5: error: absence: needs staff\n"
        "absences_bad.yaml:10:28: error: absence of 'TA-Osei': week: only 'week: true' (the whole week) is "
        "meaningful; give day or days otherwise\n"
        "absences_bad.yaml:11:5: error: absence 'TA-Osei@Thu': unknown day 'Thu'\n"
        "absences_bad.yaml:12:5: error: absence: expected a mapping, found a list\n"
        "absences_bad.yaml:13:28: error: absence of 'TA-Osei': days: expected a list, found a mapping\n"
        "absences_bad.yaml:13:48: error: absence of 'TA-Osei': slots: the list is empty\n");
    free(text);
}

static void test_file_not_there(void **state)
{
    tap_diags diags = {0};
    tap_absences *list = NULL;
    assert_int_not_equal(tap_absences_read(*state, test_data("no_such_absences.yaml"), &list, &diags), TAP_OK);
    assert_null(list);
    assert_int_equal(diags.n_items, 1);
    assert_true(strstr(diags.items[0].pos.file, "no_such_absences.yaml") != NULL);
    tap_diags_clear(&diags);
}

/* Writes text as a scratch file and reads it; returns the printed errors
 * with the scratch folder taken out. */
static char *errors_of(const tap_school *s, const char *text)
{
    char *dir = test_scratch_dir();
    char path[4200];
    snprintf(path, sizeof path, "%s/a.yaml", dir);
    FILE *file = fopen(path, "w");
    assert_non_null(file);
    fputs(text, file);
    fclose(file);
    tap_diags diags = {0};
    tap_absences *list = NULL;
    assert_int_equal(tap_absences_read(s, path, &list, &diags), TAP_EINPUT);
    assert_null(list);
    char *out = test_strip_folder(test_diags_text(&diags), dir);
    remove(path);
    remove(dir);
    free(dir);
    return out;
}

static void test_file_shapes(void **state)
{
    const tap_school *s = *state;
    char *text = errors_of(s, "absences:\n");
    assert_string_equal(text, "a.yaml:1:1: error: the absence file needs absences: a list ([] for none)\n");
    free(text);
    text = errors_of(s, "absences: {staff: TA-Khan}\n");
    assert_string_equal(text, "a.yaml:1:11: error: absences: expected a list, found a mapping\n");
    free(text);
    text = errors_of(s, "- {staff: TA-Khan, day: Mon}\n");
    assert_string_equal(text, "a.yaml:1:1: error: the absence file: expected a mapping, found a list\n");
    free(text);
    text = errors_of(s, "absences: [&a {staff: TA-Khan, day: Mon}]\n");
    assert_string_equal(text, "a.yaml:1:12: error: anchors (&name) are not allowed in an absence file\n");
    free(text);
}

/* ---- the short form ---- */

/* Parses text into a fresh list and checks its one entry. */
static void expect_short(const tap_school *s, const char *text, const char *day, unsigned slots)
{
    tap_absences *list = tap_absences_create();
    assert_non_null(list);
    tap_diags diags = {0};
    assert_int_equal(tap_absences_parse(s, text, list, &diags), TAP_OK);
    assert_int_equal(diags.n_items, 0);
    assert_int_equal(list->n_items, 1);
    assert_string_equal(s->days[list->items[0].day].id, day);
    assert_int_equal(list->items[0].slots, slots);
    assert_string_equal(list->items[0].pos.file, "<command line>");
    assert_int_equal(list->items[0].pos.line, 0);
    tap_absences_destroy(&list);
}

static void test_short_forms(void **state)
{
    const tap_school *s = *state;
    expect_short(s, "TA-Hughes@Tue", "Tue", WHOLE_DAY);
    expect_short(s, "TA-Hughes@Tue:P1-P3", "Tue", P1 | P2 | BREAK | P3);
    expect_short(s, "TA-Hughes@Tue:P1,P4", "Tue", P1 | P4);
    expect_short(s, "TA-Hughes@Tue:P2-P2", "Tue", P2);
    /* a slot id with dashes, alone and as the end of a range */
    expect_short(s, "TA-Hughes@Wed:after-school", "Wed", AFTER_SCHOOL);
    expect_short(s, "TA-Hughes@Wed:P4-after-school", "Wed", P4 | AFTER_SCHOOL);
    expect_short(s, "TA-Hughes@Mon:P1,LUNCH-P4", "Mon", P1 | LUNCH | P4);
}

static void test_short_week_and_merging(void **state)
{
    const tap_school *s = *state;
    tap_absences *list = tap_absences_create();
    assert_non_null(list);
    tap_diags diags = {0};
    assert_int_equal(tap_absences_parse(s, "TA-Osei@week:LUNCH", list, &diags), TAP_OK);
    assert_int_equal(tap_absences_parse(s, "TA-Osei@Tue:P1", list, &diags), TAP_OK);
    assert_int_equal(tap_absences_parse(s, "T-Lee@Mon,Wed", list, &diags), TAP_OK);
    /* appending to the list grows it past its first block of eight */
    for (int i = 0; i < 3; i++)
        assert_int_equal(tap_absences_parse(s, i == 0 ? "TA-Khan@week" : i == 1 ? "TA-Hughes@week" : "TA-Khan@Mon",
                                            list, &diags),
                         TAP_OK);
    assert_int_equal(diags.n_items, 0);
    assert_int_equal(list->n_items, 3 + 2 + 3 + 3);
    expect_item(s, &list->items[0], "TA-Osei", "Mon", LUNCH, 0, 0);
    expect_item(s, &list->items[1], "TA-Osei", "Tue", LUNCH | P1, 0, 0);
    expect_item(s, &list->items[2], "TA-Osei", "Wed", LUNCH, 0, 0);
    expect_item(s, &list->items[3], "T-Lee", "Mon", WHOLE_DAY, 0, 0);
    expect_item(s, &list->items[4], "T-Lee", "Wed", WHOLE_DAY, 0, 0);
    expect_item(s, &list->items[5], "TA-Khan", "Mon", WHOLE_DAY, 0, 0);
    expect_item(s, &list->items[10], "TA-Hughes", "Wed", WHOLE_DAY, 0, 0);
    tap_absences_destroy(&list);
}

static void expect_short_error(const tap_school *s, const char *text, const char *expected)
{
    tap_absences *list = tap_absences_create();
    assert_non_null(list);
    tap_diags diags = {0};
    assert_int_equal(tap_absences_parse(s, "TA-Osei@Mon", list, &diags), TAP_OK);
    assert_int_equal(tap_absences_parse(s, text, list, &diags), TAP_EINPUT);
    assert_int_equal(list->n_items, 1); /* nothing appended, nothing changed */
    assert_int_equal(list->items[0].slots, WHOLE_DAY);
    char *printed_text = test_diags_text(&diags);
    assert_string_equal(printed_text, expected);
    free(printed_text);
    tap_absences_destroy(&list);
}

static void test_short_errors(void **state)
{
    const tap_school *s = *state;
    expect_short_error(s, "TA-Khan",
                       "<command line>: error: absence 'TA-Khan': expected STAFF@DAY, STAFF@DAY:SLOTS or "
                       "STAFF@week\n");
    expect_short_error(s, "@Mon", "<command line>: error: absence '@Mon': needs a staff id before '@'\n");
    expect_short_error(s, "Nobody@Mon", "<command line>: error: absence 'Nobody@Mon': unknown staff 'Nobody'\n");
    expect_short_error(s, "TA-Khan@", "<command line>: error: absence 'TA-Khan@': needs a day (or week) after '@'\n");
    expect_short_error(s, "TA-Khan@Thu", "<command line>: error: absence 'TA-Khan@Thu': unknown day 'Thu'\n");
    expect_short_error(s, "TA-Khan@Mon,,Tue",
                       "<command line>: error: absence 'TA-Khan@Mon,,Tue': an empty day in the list\n");
    expect_short_error(s, "TA-Khan@Mon:",
                       "<command line>: error: absence 'TA-Khan@Mon:': needs slots after ':' (leave ':' out for "
                       "the whole day)\n");
    expect_short_error(s, "TA-Khan@Mon:P9", "<command line>: error: absence 'TA-Khan@Mon:P9': unknown slot 'P9'\n");
    expect_short_error(s, "TA-Khan@Mon:P1-P9",
                       "<command line>: error: absence 'TA-Khan@Mon:P1-P9': unknown slot 'P9'\n");
    expect_short_error(s, "TA-Khan@Mon:P0-P1",
                       "<command line>: error: absence 'TA-Khan@Mon:P0-P1': unknown slot 'P0'\n");
    expect_short_error(s, "TA-Osei@Tue:P3-P1",
                       "<command line>: error: absence 'TA-Osei@Tue:P3-P1': slot range 'P3-P1' runs backwards: "
                       "P1 comes before P3 in the day\n");
    expect_short_error(s, "TA-Khan@Mon:P1,",
                       "<command line>: error: absence 'TA-Khan@Mon:P1,': an empty slot in the list\n");
}

/* The example absence file reads against the example primary school. */
static void test_shipped_example(void **state)
{
    (void)state;
    tap_diags diags = {0};
    tap_school *school = NULL;
    char path[4200];
    snprintf(path, sizeof path, "%s/inputs/oakfield-primary.yaml", TAP_SOURCE_DIR);
    assert_int_equal(tap_school_read(path, &school, &diags), TAP_OK);
    assert_int_equal(tap_school_check(school, &diags), TAP_OK);
    snprintf(path, sizeof path, "%s/scenarios/oakfield-absences.yaml", TAP_SOURCE_DIR);
    tap_absences *list = NULL;
    assert_int_equal(tap_absences_read(school, path, &list, &diags), TAP_OK);
    /* Hughes Tue, Khan Wed, Osei Thu and Fri, Walsh Mon */
    assert_int_equal(list->n_items, 5);
    int p4 = tap_school_find_slot(school, "P4"), p5 = tap_school_find_slot(school, "P5");
    assert_int_equal(list->items[4].slots, (1u << p4) | (1u << p5));
    tap_absences_destroy(&list);
    tap_school_destroy(&school);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_every_file_form),
        cmocka_unit_test(test_empty_list),
        cmocka_unit_test(test_file_errors),
        cmocka_unit_test(test_file_not_there),
        cmocka_unit_test(test_file_shapes),
        cmocka_unit_test(test_short_forms),
        cmocka_unit_test(test_short_week_and_merging),
        cmocka_unit_test(test_short_errors),
        cmocka_unit_test(test_shipped_example),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
