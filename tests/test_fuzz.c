/* test_fuzz.c - no input may crash: seeded mutations of real school files
 * and plan files (bytes changed, lines dropped, doubled or swapped, the
 * file cut short, numbers made extreme, YAML's anchors and flow marks put
 * in) go through everything that reads them: the loader and the checks,
 * the model, a plan read against its school, the verifier, the figures,
 * and the report, also from the plan file alone. Each must answer with a
 * plan or a diagnostic, never a crash; under the sanitizer build, never an
 * out-of-bounds access or a leak either. The seeds are fixed, so a failure
 * comes back on every run. Under the sanitizer build this finds the
 * report's old money formatting, which overran its buffer on a cost of
 * 1e62 or more. About 2,300 mutants, a second or two. Raising
 * MUTANTS_PER_FILE makes a longer campaign: 20,000 a file under the
 * sanitizer build (7 minutes, 2026-12-08) found nothing more. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "support/testing.h"

#include "base/random.h"
#include "model/formulation.h"
#include "report/report.h"
#include "solver/plan_json.h"
#include "solver/verify.h"

enum { MUTANTS_PER_FILE = 120 };

/* Text to splice in: YAML's marks, extreme or odd numbers, bytes that
 * are not text. */
static const char *const splices[] = {
    ":", "- ", "[", "]", "{", "}", "#", "&a ", "*a", "!!str ", "|", ">", "'", "\"", "\t", ",", "\n", "  ",
    "1e400", "-1", "1e62", "1e300", "nan", ".inf", "99999999999", "0", "-0", "1e-300", "0x10", "~", "null",
    "\xff", "\xc3", "\x01", "P01", "TA-A", "Mon", "P1", "LUNCH", "maths", "ehcp",
};

/* Values put in place of a number or a quoted string, keeping the syntax:
 * what a hand edit could leave. */
static const char *const numbers[] = {"1e400", "-1", "1e62", "1e300", "0", "-0", "1e-300", "99999999999",
                                      "0.5", "3", "2147483648", "-2147483649", "7.25"};
static const char *const words[] = {"P01", "A1", "A2", "B1", "TA-Hughes", "TA-Khan", "TA-New", "TA-A", "Mon",
                                    "Tue", "Sun", "P1", "P2", "P3", "LUNCH", "in_class", "planning",
                                    "intervention", "unstructured", "ehcp", "sen_support", "speech", "", "x"};

typedef struct {
    char *text;
    size_t length;
} buffer;

static buffer read_seed(const char *path)
{
    char *text = test_read_file(path);
    assert_non_null(text);
    return (buffer){text, strlen(text)};
}

/* Start and length of the line holding byte at. */
static void line_around(const buffer *b, size_t at, size_t *start, size_t *length)
{
    size_t s = at, e = at;
    while (s > 0 && b->text[s - 1] != '\n')
        s--;
    while (e < b->length && b->text[e] != '\n')
        e++;
    *start = s;
    *length = e < b->length ? e - s + 1 : e - s;
}

/* Replaces length bytes at at with with (of with_length bytes). */
static void splice(buffer *b, size_t at, size_t length, const char *with, size_t with_length)
{
    char *text = malloc(b->length - length + with_length + 1);
    assert_non_null(text);
    memcpy(text, b->text, at);
    memcpy(text + at, with, with_length);
    memcpy(text + at + with_length, b->text + at + length, b->length - at - length);
    b->length = b->length - length + with_length;
    text[b->length] = '\0';
    free(b->text);
    b->text = text;
}

static bool is_word_char(char c)
{
    return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_' || c == '-' ||
           c == '.' || c == '+';
}

/* Where a value starts: a word after a key's colon, a list's bracket or
 * comma, or a list item's dash, past blanks and an opening quote. */
static bool value_starts(const buffer *b, size_t i)
{
    if (!is_word_char(b->text[i]) || (i > 0 && is_word_char(b->text[i - 1])))
        return false;
    size_t j = i;
    if (j > 0 && b->text[j - 1] == '"')
        j--;
    while (j > 0 && (b->text[j - 1] == ' ' || b->text[j - 1] == '\t'))
        j--;
    return j > 0 && strchr(":[,-", b->text[j - 1]) != NULL;
}

/* One value, chosen evenly among the file's values, takes another: a
 * number an extreme one, a word another id. */
static void mutate_value(buffer *b, tap_random *random)
{
    int n_values = 0;
    for (size_t i = 0; i < b->length; i++)
        n_values += value_starts(b, i);
    if (n_values == 0)
        return;
    int pick = tap_random_below(random, n_values);
    size_t at = 0;
    for (size_t i = 0; i < b->length; i++)
        if (value_starts(b, i) && pick-- == 0) {
            at = i;
            break;
        }
    size_t end = at;
    while (end < b->length && is_word_char(b->text[end]))
        end++;
    bool number = b->text[at] == '-' || (b->text[at] >= '0' && b->text[at] <= '9');
    const char *with = number ? numbers[tap_random_below(random, (int)(sizeof numbers / sizeof numbers[0]))]
                              : words[tap_random_below(random, (int)(sizeof words / sizeof words[0]))];
    splice(b, at, end - at, with, strlen(with));
}

static void mutate_once(buffer *b, tap_random *random)
{
    if (b->length == 0)
        return;
    if (tap_random_below(random, 2) == 0) {
        mutate_value(b, random);
        return;
    }
    size_t at = (size_t)tap_random_below(random, (int)b->length);
    size_t start, length;
    line_around(b, at, &start, &length);
    const char *s = splices[tap_random_below(random, (int)(sizeof splices / sizeof splices[0]))];
    char byte = (char)(1 + tap_random_below(random, 255));
    switch (tap_random_below(random, 7)) {
    case 0: splice(b, at, 1, &byte, 1); break;          /* a byte changed */
    case 1: splice(b, at, 0, s, strlen(s)); break;      /* a mark put in */
    case 2: splice(b, start, length, "", 0); break;     /* a line dropped */
    case 3: {                                           /* a line doubled */
        char *line = strndup(b->text + start, length);
        assert_non_null(line);
        splice(b, start, 0, line, length);
        free(line);
        break;
    }
    case 4: b->length = at, b->text[at] = '\0'; break;  /* the file cut short */
    case 5: {                                           /* a number made extreme */
        size_t e = at;
        while (e < b->length && b->text[e] >= '0' && b->text[e] <= '9')
            e++;
        splice(b, at, e - at, s, strlen(s));
        break;
    }
    default: {                                          /* a line moved to another place */
        char *line = strndup(b->text + start, length);
        assert_non_null(line);
        splice(b, start, length, "", 0);
        size_t to = b->length ? (size_t)tap_random_below(random, (int)b->length) : 0;
        size_t to_start, to_length;
        line_around(b, to, &to_start, &to_length);
        splice(b, to_start, 0, line, length);
        free(line);
        break;
    }
    }
}

/* A copy of seed with one to most_changes changes. */
static buffer mutant_of(const buffer *seed, tap_random *random, int most_changes)
{
    buffer b = {malloc(seed->length + 1), seed->length};
    assert_non_null(b.text);
    memcpy(b.text, seed->text, seed->length + 1);
    int n = 1 + tap_random_below(random, most_changes);
    for (int i = 0; i < n; i++)
        mutate_once(&b, random);
    return b;
}

static void write_file(const char *path, const buffer *b)
{
    FILE *f = fopen(path, "wb");
    assert_non_null(f);
    assert_int_equal(fwrite(b->text, 1, b->length, f), b->length);
    assert_int_equal(fclose(f), 0);
}

/* A refusal says why: at least one diagnostic. */
static void assert_refused_with_reason(tap_status status, const tap_diags *diags)
{
    assert_int_equal(status, TAP_EINPUT);
    assert_true(diags->n_items > 0);
}

/* A school file: read, checked and, when valid, modelled. */
static void school_answers(const char *path, bool build_model)
{
    tap_diags diags = {0};
    tap_school *school = NULL;
    tap_status status = tap_school_read(path, &school, &diags);
    if (status == TAP_OK)
        status = tap_school_check(school, &diags);
    if (status == TAP_OK && build_model) {
        tap_model *model = NULL;
        status = tap_model_build(school, &model, &diags);
        tap_model_destroy(&model);
    }
    if (status != TAP_OK)
        assert_refused_with_reason(status, &diags);
    tap_diags_clear(&diags);
    tap_school_destroy(&school);
}

static void fuzz_school(const char *seed_path, bool build_model, uint64_t seed)
{
    buffer original = read_seed(seed_path);
    tap_random random = tap_random_seeded(seed);
    const char *path = test_scratch_path("mutant.yaml");
    for (int i = 0; i < MUTANTS_PER_FILE; i++) {
        buffer b = mutant_of(&original, &random, 3);
        write_file(path, &b);
        school_answers(path, build_model);
        free(b.text);
    }
    free(original.text);
}

static void test_mutated_schools_answer(void **state)
{
    (void)state;
    const char *fixtures[] = {"verify_school.yaml", "replan_school.yaml", "solve_strength.yaml",
                              "solve_withdrawals.yaml", "explain_busy.yaml", "absence_school.yaml"};
    for (size_t k = 0; k < sizeof fixtures / sizeof fixtures[0]; k++)
        fuzz_school(test_data(fixtures[k]), true, 1000 + k);
    char example[4096];
    snprintf(example, sizeof example, "%s/inputs/oakfield-primary.yaml", TAP_SOURCE_DIR);
    fuzz_school(example, false, 2000);
}

/* A plan file: read against its school, checked, counted, reported; and
 * reported from the file alone, the school outlined from it. */
static void plan_answers(const tap_school *school, const char *path)
{
    tap_diags diags = {0};
    tap_plan *plan = NULL;
    tap_figures *reported = NULL, *figures = NULL;
    tap_status status = tap_plan_json_read(school, path, &plan, &reported, &diags);
    if (status == TAP_OK) {
        assert_int_equal(tap_figures_compute(school, plan, &figures), TAP_OK);
        tap_diags violations = {0};
        int n = tap_verify(school, plan, reported, path, &violations);
        assert_true(n >= 0);
        tap_report report = {.school = school, .plan = plan, .figures = figures, .n_violations = n,
                             .violations = &violations};
        char *html = NULL;
        assert_int_equal(tap_report_render(&report, &html), TAP_OK);
        free(html);
        tap_diags_clear(&violations);
    } else {
        assert_refused_with_reason(status, &diags);
    }
    tap_diags_clear(&diags);
    tap_figures_destroy(&figures);
    tap_figures_destroy(&reported);
    tap_plan_destroy(&plan);

    tap_school *outline = NULL;
    const char *paths[] = {path};
    status = tap_plan_json_outline(paths, 1, &outline, &diags);
    if (status == TAP_OK)
        status = tap_plan_json_read(outline, path, &plan, &reported, &diags);
    if (status == TAP_OK && reported) {
        tap_report report = {.school = outline, .plan = plan, .figures = reported, .n_violations = -1,
                             .outline = true};
        char *html = NULL;
        status = tap_report_render(&report, &html);
        assert_int_equal(status, TAP_OK);
        free(html);
    } else if (status != TAP_OK) {
        assert_refused_with_reason(status, &diags);
    }
    tap_diags_clear(&diags);
    tap_figures_destroy(&reported);
    tap_plan_destroy(&plan);
    tap_school_destroy(&outline);
}

static void test_mutated_plans_answer(void **state)
{
    (void)state;
    tap_school *school = test_load_school("report_school.yaml");
    buffer original = read_seed(test_data("verify_plan.json"));
    tap_random random = tap_random_seeded(3000);
    const char *path = test_scratch_path("mutant.json");
    for (int i = 0; i < 12 * MUTANTS_PER_FILE; i++) {
        buffer b = mutant_of(&original, &random, 1); /* JSON breaks at the first wrong byte */
        write_file(path, &b);
        plan_answers(school, path);
        free(b.text);
    }
    free(original.text);
    tap_school_destroy(&school);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_mutated_schools_answer),
        cmocka_unit_test(test_mutated_plans_answer),
    };
    return cmocka_run_group_tests(tests, test_scratch_setup, test_scratch_teardown);
}
