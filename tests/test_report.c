/* test_report.c - the printable report, the CSV tables and the calendars:
 * figures worked out by hand for a small plan, escaping of hostile names,
 * the replan cover sheet and the comparison, the school outlined from a
 * plan file, CSV parsed back, iCalendar lines checked against RFC 5545,
 * the commands' exit codes, and, where Chromium is installed, the page as
 * a browser renders and prints it.
 *
 * The plan is tests/data/verify_plan.json over report_school.yaml (the
 * verify school with display names). By hand, lessons last 1 h, LUNCH 0.5 h:
 *   TA-Hughes (6 h, 15 an hour): Mon P1 in class A1, Mon P2 speech A1 A2,
 *     Mon LUNCH A1 B1, Tue P1 in class A1, Tue P2 planning, Tue LUNCH A1:
 *     contact 4 h, planning 1 h; shares A1/B1 (EHC plans) 1 + .5 + .25 + .25
 *     + 1 + .5 = 3.5 h, A2 (SEN support) .5 h.
 *   TA-Khan (5 h, 12 an hour): Mon P1 in class B1, Mon P2 planning, Mon P3
 *     speech B1, Tue P2 in class A2: contact 3 h, planning 1 h; EHC plans
 *     2 h, SEN support 1 h.
 *   TA-New is a hire the plan does not take.
 * So: funded 11, EHC plans 5.5, SEN support 1.5, planning 2, unallocated
 * 11 - 7 - 2 = 2; cost 90 + 60 = 150 a week, 5850 a year (39 weeks).
 *   A1: in class 2 of 3 h, speech 1 of 2, lunch 1 of 1 h: short 1 + 1 = 2 h.
 *   A2: in class 1 of 2 h, speech 1 of 1, numeracy 0 of 1: short 2 h.
 *   B1: everything delivered.
 * report_replan.json is the same plan with TA-Khan's Tue P2 lesson turned
 * into planning: one slot changed, A2 then short 3 h and seeing TA-Hughes
 * only; SEN-support hours .5, planning 3. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "support/testing.h"

#include "report/csv.h"
#include "report/ics.h"
#include "report/report.h"
#include "solver/plan_json.h"
#include "solver/verify.h"

/* ---- helpers ---- */

typedef struct {
    tap_school *school;
    tap_plan *plan;
    tap_figures *figures;
} loaded;

static loaded load(const char *school, const char *plan)
{
    loaded l = {test_load_school(school), NULL, NULL};
    tap_diags diags = {0};
    tap_figures *reported = NULL;
    tap_status status = tap_plan_json_read(l.school, test_data(plan), &l.plan, &reported, &diags);
    if (status != TAP_OK)
        tap_diags_print(&diags, stderr);
    assert_int_equal(status, TAP_OK);
    tap_figures_destroy(&reported);
    tap_diags_clear(&diags);
    assert_int_equal(tap_figures_compute(l.school, l.plan, &l.figures), TAP_OK);
    return l;
}

static void unload(loaded *l)
{
    tap_figures_destroy(&l->figures);
    tap_plan_destroy(&l->plan);
    tap_school_destroy(&l->school);
}

static int count(const char *haystack, const char *needle)
{
    int n = 0;
    size_t length = strlen(needle);
    for (size_t at = 0;; n++) {
        const char *hit = strstr(haystack + at, needle);
        if (!hit)
            return n;
        at = (size_t)(hit - haystack) + length;
    }
}

/* The data-value of the first figure called name after anchor (or from
 * the start when anchor is NULL), as text in a static buffer. */
static const char *figure_after(const char *html, const char *anchor, const char *name)
{
    static char value[64];
    const char *from = anchor ? strstr(html, anchor) : html;
    assert_non_null(from);
    char key[128];
    snprintf(key, sizeof key, "data-figure=\"%s\" data-value=\"", name);
    const char *hit = strstr(from, key);
    if (!hit)
        fail_msg("no figure %s after %s", name, anchor ? anchor : "the start");
    hit += strlen(key);
    size_t n = strcspn(hit, "\"");
    assert_true(n < sizeof value);
    memcpy(value, hit, n);
    value[n] = '\0';
    return value;
}

static char *render(const tap_report *report)
{
    /* The result goes through a heap slot: handed the address of a local,
     * GCC's dangling-pointer analysis cannot tell where it points. */
    char **slot = calloc(1, sizeof *slot);
    assert_non_null(slot);
    assert_int_equal(tap_report_render(report, slot), TAP_OK);
    char *html = *slot;
    free(slot);
    assert_non_null(html);
    return html;
}

static tap_report report_of(const loaded *l)
{
    tap_report r = {.school = l->school, .plan = l->plan, .figures = l->figures, .n_violations = 0};
    return r;
}

/* ---- the HTML report ---- */

static void test_report_grids_and_figures(void **state)
{
    (void)state;
    loaded l = load("report_school.yaml", "verify_plan.json");
    tap_report r = report_of(&l);
    char *html = render(&r);

    /* Two employed adults, both groups have support, three pupils with plans. */
    assert_int_equal(count(html, "<article class=\"adult\""), 2);
    assert_int_equal(count(html, "<article class=\"group\""), 2);
    assert_int_equal(count(html, "<article class=\"pupil\""), 3);
    assert_int_equal(count(html, "<table class=\"grid\""), 4);
    assert_non_null(strstr(html, "Possible hires this plan does not take: TA-New."));

    assert_string_equal(figure_after(html, NULL, "funded_hours"), "11");
    assert_string_equal(figure_after(html, NULL, "ehcp_hours"), "5.5");
    assert_string_equal(figure_after(html, NULL, "sen_support_hours"), "1.5");
    assert_string_equal(figure_after(html, NULL, "planning_hours"), "2");
    assert_string_equal(figure_after(html, NULL, "unallocated_hours"), "2");
    assert_string_equal(figure_after(html, NULL, "weekly_cost"), "150");
    assert_string_equal(figure_after(html, NULL, "annual_cost"), "5850");
    assert_string_equal(figure_after(html, NULL, "statutory_shortfall_hours"), "2");
    assert_string_equal(figure_after(html, NULL, "sen_support_shortfall_hours"), "2");
    /* Each adult's split in the staff table. */
    assert_string_equal(figure_after(html, "<tr data-staff=\"TA-Hughes\"", "ehcp_hours"), "3.5");
    assert_string_equal(figure_after(html, "<tr data-staff=\"TA-Hughes\"", "sen_support_hours"), "0.5");
    assert_string_equal(figure_after(html, "<tr data-staff=\"TA-Khan\"", "ehcp_hours"), "2");
    assert_string_equal(figure_after(html, "<tr data-staff=\"TA-Khan\"", "sen_support_hours"), "1");

    /* The provision map. */
    const char *a1 = "<article class=\"pupil\" id=\"pupil-0\" data-pupil=\"A1\"";
    assert_string_equal(figure_after(html, a1, "in_class_entitled"), "3");
    assert_string_equal(figure_after(html, a1, "in_class_delivered"), "2");
    assert_string_equal(figure_after(html, a1, "sessions_0_entitled"), "2");
    assert_string_equal(figure_after(html, a1, "sessions_0_delivered"), "1");
    assert_string_equal(figure_after(html, a1, "unstructured_entitled"), "1");
    assert_string_equal(figure_after(html, a1, "unstructured_delivered"), "1");
    assert_string_equal(figure_after(html, a1, "shortfall_hours"), "2");
    assert_string_equal(figure_after(html, a1, "adults"), "1");
    assert_string_equal(figure_after(html, a1, "strength_withdrawals"), "0");
    assert_string_equal(figure_after(html, a1, "withdrawals"), "1");
    /* SEN support comes after the EHC plans: A1, B1, then A2. */
    const char *a2 = "<article class=\"pupil\" id=\"pupil-2\" data-pupil=\"A2\"";
    assert_string_equal(figure_after(html, a2, "sessions_1_entitled"), "1");
    assert_string_equal(figure_after(html, a2, "sessions_1_delivered"), "0");
    assert_string_equal(figure_after(html, a2, "adults"), "2");
    assert_non_null(strstr(html, "<article class=\"pupil\" id=\"pupil-1\" data-pupil=\"B1\""));
    /* The explanation of A1's shortfall, and A1's withdrawal from english. */
    assert_non_null(strstr(html, "needs makaton: only TA-Hughes holds it"));
    assert_non_null(strstr(html, "speech session, out of english"));

    /* Planning, breaks and unavailability are visible on the grids. */
    assert_int_equal(count(html, "<td class=\"planning\">"), 2);
    assert_int_equal(count(html, "<td class=\"off\">Not available</td>"), 1); /* TA-Hughes Tue P3 */
    /* Breaks: TA-Hughes Mon P3; TA-Khan Mon LUNCH and Tue LUNCH. */
    assert_int_equal(count(html, "<td class=\"break\">Break</td>"), 3);
    assert_non_null(strstr(html, "Checked against every rule of the school file: no violations."));
    free(html);
    unload(&l);
}

static void test_report_names_and_pseudonyms(void **state)
{
    (void)state;
    loaded l = load("report_school.yaml", "verify_plan.json");
    tap_report r = report_of(&l);
    char *html = render(&r);
    /* The display name, escaped wherever it appears; never raw markup. */
    assert_non_null(strstr(html, "Zoë &quot;Z&quot; O&#39;Brien, &lt;b&gt;&amp;&lt;/b&gt;"));
    assert_null(strstr(html, "<b>&</b>"));
    assert_non_null(strstr(html, "=HYPERLINK(&quot;x&quot;)"));
    free(html);

    r.pseudonymise = true;
    html = render(&r);
    assert_null(strstr(html, "Zoë"));
    assert_null(strstr(html, "HYPERLINK"));
    assert_non_null(strstr(html, "<h3>A1 "));
    free(html);
    unload(&l);
}

static void test_report_self_contained_and_deterministic(void **state)
{
    (void)state;
    loaded l = load("report_school.yaml", "verify_plan.json");
    tap_report r = report_of(&l);
    char *first = render(&r);
    char *second = render(&r);
    assert_string_equal(first, second);
    assert_null(strstr(first, "http:"));
    assert_null(strstr(first, "https:"));
    assert_null(strstr(first, "<script"));
    assert_null(strstr(first, " src="));
    assert_null(strstr(first, "url("));
    assert_null(strstr(first, "@import"));
    assert_non_null(strstr(first, "Content-Security-Policy\" content=\"default-src 'none'"));
    free(first), free(second);

    /* Sections can be chosen: only the adults, for the staffroom wall. */
    assert_true(tap_report_parse_sections("adults", &r.sections));
    char *adults = render(&r);
    assert_int_equal(count(adults, "<article class=\"adult\""), 2);
    assert_null(strstr(adults, "<article class=\"pupil\""));
    assert_null(strstr(adults, "id=\"summary\""));
    free(adults);
    unsigned bits = 0;
    assert_false(tap_report_parse_sections("adults,bogus", &bits));
    assert_false(tap_report_parse_sections("", &bits));
    unload(&l);
}

static void test_report_violations_shown(void **state)
{
    (void)state;
    loaded l = load("report_school.yaml", "verify_plan.json");
    /* TA-Khan also in class at Mon P1 for A1 (who is with TA-Hughes then):
     * two places at once, and TA-Khan lacks makaton. */
    int pupils[] = {0};
    tap_assignment extra = {1, 0, 0, TAP_ACT_IN_CLASS, 0, 0, -1, pupils, 1, NULL, 0};
    assert_int_equal(tap_plan_add(l.plan, &extra), TAP_OK);
    tap_plan_sort(l.plan);
    tap_diags violations = {0};
    int n = tap_verify(l.school, l.plan, NULL, "plan.json", &violations);
    assert_true(n > 0);
    tap_report r = report_of(&l);
    r.n_violations = n;
    r.violations = &violations;
    char *html = render(&r);
    /* TA-Khan's grid shows both assignments in one cell, marked. */
    assert_int_equal(count(html, "<td class=\"in_class clash\">"), 1);
    char *warning = strstr(html, "<div class=\"warning\"><p><strong>This plan breaks");
    assert_non_null(warning);
    char *end = strstr(warning, "</div>");
    assert_non_null(end);
    *end = '\0';
    assert_int_equal(count(warning, "<li>"), n);
    assert_non_null(strstr(warning, "<li>A1 Mon P1: in two places (TA-Hughes in_class, TA-Khan in_class)</li>"));
    assert_non_null(strstr(warning, "<li>TA-Khan Mon P1: A1 needs makaton, which TA-Khan lacks</li>"));
    tap_diags_clear(&violations);
    free(html);
    unload(&l);
}

/* A plan built in code may hold an index outside its school: every
 * document leaves that assignment out instead of reading past the end. */
static void test_out_of_range_assignments_left_out(void **state)
{
    (void)state;
    loaded l = load("report_school.yaml", "verify_plan.json");
    int n_before = l.plan->n_assignments;
    tap_assignment stray = {99, 0, 0, TAP_ACT_PLANNING, -1, -1, -1, NULL, 0, NULL, 0};
    assert_int_equal(tap_plan_add(l.plan, &stray), TAP_OK);
    tap_report r = report_of(&l);
    char *html = render(&r);
    assert_int_equal(count(html, "<article class=\"adult\""), 2);
    free(html);
    tap_csv_settings settings = {false, true};
    char *text = NULL;
    assert_int_equal(tap_csv_render(l.school, l.plan, l.figures, TAP_CSV_ASSIGNMENTS, &settings, &text), TAP_OK);
    assert_int_equal(count(text, "\r\n"), 1 + n_before);
    free(text);
    tap_ics_settings calendar = {2025, 1, 6, 0, 0};
    assert_int_equal(tap_ics_render(l.school, l.plan, 1, &calendar, &text), TAP_OK);
    assert_int_equal(count(text, "BEGIN:VEVENT"), 4);
    free(text);
    unload(&l);
}

static void test_report_replan_cover_sheet(void **state)
{
    (void)state;
    loaded before = load("report_school.yaml", "verify_plan.json");
    loaded now = load("report_school.yaml", "report_replan.json");
    tap_report r = report_of(&now);
    r.previous = before.plan;
    r.previous_figures = before.figures;
    char *html = render(&r);
    assert_string_equal(figure_after(html, NULL, "changed_slots"), "1");
    assert_int_equal(count(html, "<tr class=\"change\">"), 1);
    assert_non_null(strstr(html, "<td>Tue</td><td>P2</td><td>TA-Khan</td><td>in class 4A maths with A2</td>"
                                 "<td>planning</td>"));
    /* Outlined on TA-Khan's grid and on group 4A's. */
    assert_int_equal(count(html, " changed\">"), 2);
    assert_non_null(strstr(html, "<span class=\"was\">was: in class 4A maths with A2</span>"));
    assert_non_null(strstr(html, "<li>A2: TA-Hughes (was TA-Hughes, TA-Khan)</li>"));
    assert_non_null(strstr(html, "SEN-support shortfall 2 h before, 3 h now"));
    assert_string_equal(figure_after(html, "id=\"summary\"", "sen_support_hours"), "0.5");
    assert_string_equal(figure_after(html, "id=\"summary\"", "planning_hours"), "3");
    free(html);
    unload(&now);
    unload(&before);
}

static void test_report_compare(void **state)
{
    (void)state;
    loaded a = load("report_school.yaml", "verify_plan.json");
    loaded b = load("report_school.yaml", "report_replan.json");
    tap_report_option options[] = {{"Status quo", a.school, a.plan, a.figures},
                                   {"More planning", b.school, b.plan, b.figures}};
    tap_report_point frontier[] = {{100, false, 0, 0, 0, NULL},
                                   {150, true, 150, 2, 2, NULL},
                                   {250, true, 206, 0, 1, "TA-New"}};
    tap_report r = {.options = options, .n_options = 2, .frontier = frontier, .n_frontier = 3, .n_violations = -1};
    char *html = render(&r);
    assert_non_null(strstr(html, "<th>Status quo</th><th>More planning</th>"));
    /* Equal costs: no best marked. SEN-support shortfall 2 beats 3 and
     * 7 hours reaching pupils beat 6; SEN-support provision delivered is
     * A2's 4 entitled hours (2 in class, 2 sessions of 1 h) less what is
     * short: 2 against 1. */
    assert_non_null(strstr(html, "<td class=\"num\" data-figure=\"weekly_cost\" data-value=\"150\">150.00</td>"
                                 "<td class=\"num\" data-figure=\"weekly_cost\" data-value=\"150\">150.00</td>"));
    assert_non_null(strstr(html, "<td class=\"num best\" data-figure=\"sen_support_shortfall_hours\" "
                                 "data-value=\"2\">2</td><td class=\"num\" "
                                 "data-figure=\"sen_support_shortfall_hours\" data-value=\"3\">3</td>"));
    assert_non_null(strstr(html, "<td class=\"num best\" data-figure=\"hours_reaching_pupils\" data-value=\"7\">"));
    assert_non_null(strstr(html, "<td class=\"num best\" data-figure=\"sen_support_delivered_hours\" "
                                 "data-value=\"2\">"));
    /* Cost per hour reaching pupils: 150 / 7 and 150 / 6. */
    assert_non_null(strstr(html, "data-figure=\"cost_per_hour\" data-value=\"21.428571\">21.43</td>"));
    assert_non_null(strstr(html, "data-figure=\"cost_per_hour\" data-value=\"25\">25.00</td>"));
    /* The worst-served pupil on SEN support: A2, 2 of 4 h and 3 of 4 h short. */
    assert_non_null(strstr(html, ">A2, 50% short<"));
    assert_non_null(strstr(html, ">A2, 75% short<"));
    assert_non_null(strstr(html, "<svg class=\"options\""));
    assert_non_null(strstr(html, "<svg class=\"frontier\""));
    assert_int_equal(count(html, "<circle class=\"statutory\""), 2);
    assert_non_null(strstr(html, "<td colspan=\"4\">no plan within this budget</td>"));
    assert_non_null(strstr(html, "<td>TA-New</td>"));
    assert_int_equal(count(html, "<section class=\"option\">"), 2);
    free(html);

    tap_report nothing = {.n_violations = -1};
    char *out = NULL;
    assert_int_equal(tap_report_render(&nothing, &out), TAP_EINPUT);
    assert_null(out);
    unload(&b);
    unload(&a);
}

/* ---- the school outlined from a plan file ---- */

static void test_outline_from_plan_file(void **state)
{
    (void)state;
    tap_diags diags = {0};
    tap_school *s = NULL;
    const char *paths[] = {test_data("verify_plan.json")};
    assert_int_equal(tap_plan_json_outline(paths, 1, &s, &diags), TAP_OK);
    assert_string_equal(s->name, "Verify Fixture");
    assert_int_equal(s->n_days, 2);
    assert_string_equal(s->days[0].id, "Mon");
    assert_string_equal(s->days[1].id, "Tue");
    /* Adults' days list P1, P2, LUNCH and P1, P2, P3: LUNCH comes first in
     * the file, so it goes before P3. */
    assert_int_equal(s->n_slots, 4);
    const char *slots[] = {"P1", "P2", "LUNCH", "P3"};
    for (int t = 0; t < 4; t++)
        assert_string_equal(s->slots[t].id, slots[t]);
    assert_int_equal(s->slots[2].kind, TAP_SLOT_UNSTRUCTURED);
    assert_int_equal(s->slots[3].kind, TAP_SLOT_LESSON);
    assert_int_equal(s->n_pupils, 3); /* A3 has no plan and no support: not in the file */
    assert_int_equal(s->n_staff, 3);
    assert_true(s->staff[tap_school_find_staff(s, "TA-New")].optional);
    assert_true(fabs(s->staff[tap_school_find_staff(s, "TA-Khan")].hours - 5) < 1e-9);
    assert_true(fabs(s->budget.weeks_per_year - 39) < 1e-9);
    /* Four lessons with an adult, two that pupils leave for sessions. */
    assert_int_equal(s->n_lessons, 6);
    const tap_group *g4a = &s->groups[tap_school_find_group(s, "4A")];
    assert_int_equal(g4a->n_pupils, 2);
    const tap_pupil *a2 = &s->pupils[tap_school_find_pupil(s, "A2")];
    assert_int_equal(a2->plan, TAP_PLAN_SEN_SUPPORT);
    assert_int_equal(a2->n_interventions, 2);
    assert_int_equal(a2->interventions[1].sessions, 1);

    /* The plan reads against its outline and reports from its own figures. */
    tap_plan *plan = NULL;
    tap_figures *reported = NULL;
    assert_int_equal(tap_plan_json_read(s, paths[0], &plan, &reported, &diags), TAP_OK);
    assert_non_null(reported);
    tap_report r = {.school = s, .plan = plan, .figures = reported, .n_violations = -1, .outline = true};
    char *html = render(&r);
    assert_non_null(strstr(html, "Made from the plan file alone"));
    assert_non_null(strstr(html, "Not checked against the rules"));
    assert_string_equal(figure_after(html, NULL, "pupil_hours"), "7");
    assert_string_equal(figure_after(html, NULL, "planning_hours"), "2");
    assert_string_equal(figure_after(html, NULL, "unallocated_hours"), "2");
    assert_int_equal(count(html, "<article class=\"adult\""), 2);
    assert_null(strstr(html, "Not available")); /* unknown without the school file */
    assert_null(strstr(html, "class=\"time\""));
    free(html);
    tap_figures_destroy(&reported);
    tap_plan_destroy(&plan);
    tap_school_destroy(&s);

    /* A file that is not JSON is located at its line. */
    char *dir = test_scratch_dir();
    char bad[4200];
    snprintf(bad, sizeof bad, "%s/bad.json", dir);
    FILE *f = fopen(bad, "w");
    assert_non_null(f);
    fputs("{\n  \"format\": \"taplan-plan/1\",\n  oops\n}\n", f);
    fclose(f);
    const char *bad_paths[] = {bad};
    assert_int_equal(tap_plan_json_outline(bad_paths, 1, &s, &diags), TAP_EINPUT);
    assert_null(s);
    assert_int_equal(diags.n_items, 1);
    assert_int_equal(diags.items[0].pos.line, 3);
    tap_diags_clear(&diags);
    remove(bad);
    rmdir(dir);
    free(dir);
}

/* ---- CSV ---- */

/* Parses RFC 4180 text (after the byte-order mark) into rows of fields. */
typedef struct {
    char *fields[64][32];
    int n_fields[64];
    int n_rows;
} table;

static void parse_csv(const char *text, table *t)
{
    memset(t, 0, sizeof *t);
    assert_memory_equal(text, "\xEF\xBB\xBF", 3);
    const char *p = text + 3;
    char field[1024];
    size_t n = 0;
    bool quoted = false, was_quoted = false;
    while (*p) {
        if (quoted) {
            if (p[0] == '"' && p[1] == '"')
                field[n++] = '"', p += 2;
            else if (p[0] == '"')
                quoted = false, p++;
            else
                field[n++] = *p++;
            continue;
        }
        if (*p == '"' && n == 0 && !was_quoted) {
            quoted = was_quoted = true;
            p++;
        } else if (*p == ',' || (p[0] == '\r' && p[1] == '\n')) {
            field[n] = '\0';
            t->fields[t->n_rows][t->n_fields[t->n_rows]++] = strdup(field);
            n = 0, was_quoted = false;
            if (*p == ',') {
                p++;
            } else {
                p += 2;
                t->n_rows++;
            }
        } else {
            assert_int_not_equal(*p, '\n'); /* every line ends CRLF */
            assert_int_not_equal(*p, '"');  /* quotes only around fields */
            field[n++] = *p++;
        }
        assert_true(n < sizeof field);
    }
    assert_false(quoted);
    assert_int_equal(n, 0); /* the last row is terminated */
}

static void free_table(table *t)
{
    for (int r = 0; r < t->n_rows; r++)
        for (int k = 0; k < t->n_fields[r]; k++)
            free(t->fields[r][k]);
}

static const char *cell(const table *t, int row, const char *column)
{
    for (int k = 0; k < t->n_fields[0]; k++)
        if (!strcmp(t->fields[0][k], column)) {
            assert_int_equal(t->n_fields[row], t->n_fields[0]);
            return t->fields[row][k];
        }
    fail_msg("no column %s", column);
    return NULL;
}

static void test_csv_round_trip(void **state)
{
    (void)state;
    loaded l = load("report_school.yaml", "verify_plan.json");
    tap_csv_settings settings = {false, true};
    char *text = NULL;
    table t;

    assert_int_equal(tap_csv_render(l.school, l.plan, l.figures, TAP_CSV_ASSIGNMENTS, &settings, &text), TAP_OK);
    parse_csv(text, &t);
    assert_int_equal(t.n_rows, 1 + l.plan->n_assignments);
    for (int i = 0; i < l.plan->n_assignments; i++) {
        const tap_assignment *a = &l.plan->assignments[i];
        assert_string_equal(cell(&t, i + 1, "staff"), l.school->staff[a->staff].id);
        assert_string_equal(cell(&t, i + 1, "day"), l.school->days[a->day].id);
        assert_string_equal(cell(&t, i + 1, "slot"), l.school->slots[a->slot].id);
        assert_string_equal(cell(&t, i + 1, "activity"), tap_activity_name(a->activity));
        assert_int_equal(atoi(cell(&t, i + 1, "n_pupils")), a->n_pupils);
    }
    assert_string_equal(cell(&t, 2, "pupils"), "A1; A2");
    assert_string_equal(cell(&t, 2, "programme"), "speech");
    assert_string_equal(cell(&t, 2, "withdrawn_from"), "A1 from 4A english; A2 from 4A english");
    assert_string_equal(cell(&t, 3, "start"), "12:00");
    assert_string_equal(cell(&t, 3, "hours"), "0.5");
    free_table(&t);
    free(text);

    assert_int_equal(tap_csv_render(l.school, l.plan, l.figures, TAP_CSV_PUPILS, &settings, &text), TAP_OK);
    parse_csv(text, &t);
    assert_int_equal(t.n_rows, 4); /* A1, B1... in school order: A1, A2, B1 */
    assert_string_equal(cell(&t, 1, "pupil"), "A1");
    assert_string_equal(cell(&t, 1, "name"), "Zoë \"Z\" O'Brien, <b>&</b>");
    assert_string_equal(cell(&t, 1, "in_class_delivered_hours"), "2");
    assert_string_equal(cell(&t, 1, "sessions_entitled"), "2");
    assert_string_equal(cell(&t, 1, "sessions_delivered"), "1");
    assert_string_equal(cell(&t, 1, "shortfall_hours"), "2");
    assert_string_equal(cell(&t, 1, "reason"), "needs makaton: only TA-Hughes holds it");
    assert_string_equal(cell(&t, 2, "interventions"), "speech 1 of 1; numeracy 0 of 1");
    assert_string_equal(cell(&t, 2, "adults"), "TA-Hughes; TA-Khan");
    assert_string_equal(cell(&t, 3, "pupil"), "B1");
    /* A name a spreadsheet would run as a formula stays text. */
    assert_string_equal(cell(&t, 3, "name"), "'=HYPERLINK(\"x\")");
    assert_string_equal(cell(&t, 3, "withdrawn_from"), "maths 1");
    free_table(&t);
    free(text);

    settings.pseudonymise = true;
    assert_int_equal(tap_csv_render(l.school, l.plan, l.figures, TAP_CSV_PUPILS, &settings, &text), TAP_OK);
    assert_null(strstr(text, "Zoë"));
    free(text);

    assert_int_equal(tap_csv_render(l.school, l.plan, l.figures, TAP_CSV_STAFF, &settings, &text), TAP_OK);
    parse_csv(text, &t);
    assert_int_equal(t.n_rows, 4);
    assert_string_equal(cell(&t, 1, "staff"), "TA-Hughes");
    assert_string_equal(cell(&t, 1, "contact_hours"), "4");
    assert_string_equal(cell(&t, 1, "ehcp_hours"), "3.5");
    assert_string_equal(cell(&t, 1, "sen_support_hours"), "0.5");
    assert_string_equal(cell(&t, 1, "unallocated_hours"), "1");
    assert_string_equal(cell(&t, 1, "annual_cost"), "3510");
    assert_string_equal(cell(&t, 3, "employed"), "no");
    assert_string_equal(cell(&t, 3, "optional"), "yes");
    free_table(&t);
    free(text);
    unload(&l);
}

/* ---- iCalendar ---- */

/* Unfolds content lines (RFC 5545 3.1) into a malloc'd copy, checking on
 * the way that every physical line ends CRLF, holds at most 75 octets and
 * never starts in the middle of a UTF-8 character. */
static char *unfold(const char *text)
{
    char *out = malloc(strlen(text) + 1);
    assert_non_null(out);
    size_t n = 0;
    const char *line = text;
    while (*line) {
        const char *end = strstr(line, "\r\n");
        assert_non_null(end);
        for (const char *p = line; p < end; p++)
            assert_int_not_equal(*p, '\n');
        assert_true(end - line <= 75);
        bool continued = line[0] == ' ';
        const char *from = continued ? line + 1 : line;
        assert_false(((unsigned char)*from & 0xC0) == 0x80);
        if (!continued && n > 0)
            out[n++] = '\n';
        memcpy(out + n, from, (size_t)(end - from));
        n += (size_t)(end - from);
        line = end + 2;
    }
    out[n] = '\0';
    return out;
}

static void test_ics_calendar(void **state)
{
    (void)state;
    loaded l = load("report_school.yaml", "verify_plan.json");
    tap_ics_settings settings = {0};
    assert_true(tap_ics_parse_date("2025-01-07", &settings)); /* a Tuesday */
    settings.weeks = 12;
    settings.stamp = 0;
    char *text = NULL;
    assert_int_equal(tap_ics_render(l.school, l.plan, 0, &settings, &text), TAP_OK);
    char *lines = unfold(text);
    assert_true(count(text, "\r\n ") > 0); /* the long calendar name was folded */
    assert_int_equal(strncmp(lines, "BEGIN:VCALENDAR\nVERSION:2.0\nPRODID:", 35), 0);
    assert_non_null(strstr(lines, "\nEND:VCALENDAR"));
    assert_non_null(strstr(lines, "\nX-WR-CALNAME:TA-Hughes – Verify Fixture – a school name long enough to fold\\, "
                                  "with commas\\, semicolons\\; and more\n"));
    /* TA-Hughes's six assignments, each with the mandatory properties. */
    int n_events = count(lines, "BEGIN:VEVENT\n");
    assert_int_equal(n_events, 6);
    assert_int_equal(count(lines, "\nEND:VEVENT"), 6);
    assert_int_equal(count(lines, "\nUID:"), 6);
    assert_int_equal(count(lines, "\nDTSTAMP:19700101T000000Z\n"), 6);
    assert_int_equal(count(lines, "\nRRULE:FREQ=WEEKLY;COUNT=12\n"), 6);
    /* Tuesday's events start that day; Monday's the following Monday. */
    assert_non_null(strstr(lines, "\nDTSTART:20250113T090000\nDTEND:20250113T100000\n"));
    assert_non_null(strstr(lines, "\nDTSTART:20250107T120000\nDTEND:20250107T123000\n"));
    assert_non_null(strstr(lines, "\nSUMMARY:speech session\nDESCRIPTION:Pupils: A1\\, A2\\nA1 leaves english (4A)"
                                  "\\nA2 leaves english (4A)\n"));
    /* UIDs differ between events, and pupils appear by id only. */
    const char *uid = strstr(lines, "\nUID:");
    for (const char *other = strstr(uid + 1, "\nUID:"); other; other = strstr(other + 1, "\nUID:"))
        assert_int_not_equal(strncmp(uid, other, 22), 0);
    assert_null(strstr(text, "Zoë"));
    free(lines);
    free(text);

    assert_false(tap_ics_parse_date("2025-02-29", &settings));
    assert_false(tap_ics_parse_date("2024-13-01", &settings));
    assert_false(tap_ics_parse_date("2025-1-1", &settings));
    assert_true(tap_ics_parse_date("2024-02-29", &settings));
    unload(&l);
}

/* ---- the commands ---- */

static char *scratch;

static int setup(void **state)
{
    (void)state;
    scratch = test_scratch_dir();
    return 0;
}

static int teardown(void **state)
{
    (void)state;
    char command[4200];
    snprintf(command, sizeof command, "rm -rf %s", scratch);
    int rc = system(command);
    free(scratch);
    return rc == 0 ? 0 : -1;
}

static const char *in_scratch(const char *name)
{
    static char paths[4][4096];
    static int next;
    char *path = paths[next++ % 4];
    snprintf(path, sizeof paths[0], "%s/%s", scratch, name);
    return path;
}

static bool exists(const char *path)
{
    struct stat info;
    return stat(path, &info) == 0;
}

static void test_cli_report_and_export(void **state)
{
    (void)state;
    char school[4096], plan[4096];
    snprintf(school, sizeof school, "%s", test_data("report_school.yaml"));
    snprintf(plan, sizeof plan, "%s", test_data("verify_plan.json"));
    const char *report = in_scratch("report.html");
    assert_int_equal(test_runf(NULL, NULL, "report %s --school %s -o %s", plan, school, report), 0);
    struct stat info;
    assert_int_equal(stat(report, &info), 0);
    assert_int_equal(info.st_mode & 0777, 0600);
    char *html = test_read_file(report);
    assert_int_equal(count(html, "<article class=\"adult\""), 2);
    free(html);

    /* Without the school file, and the cover sheet of a replan. */
    assert_int_equal(test_runf(NULL, NULL, "report %s -o %s --quiet", plan, in_scratch("outline.html")), 0);
    assert_int_equal(test_runf(NULL, NULL, "report %s --previous %s --school %s -o %s --quiet",
                         test_data("report_replan.json"), plan, school, in_scratch("replan.html")),
                     0);
    html = test_read_file(in_scratch("replan.html"));
    assert_non_null(strstr(html, "Cover sheet: what changed"));
    free(html);

    /* Usage errors write nothing. */
    char *err = NULL;
    assert_int_equal(test_runf(NULL, &err, "report %s --school %s", plan, school), 2);
    assert_non_null(strstr(err, "report needs -o"));
    free(err);
    assert_int_equal(test_runf(NULL, NULL, "report %s --sections bogus -o %s", plan, in_scratch("no.html")), 2);
    assert_int_equal(test_runf(NULL, NULL, "report %s --school %s -o %s", test_data("bad_keys.yaml"), school,
                         in_scratch("no.html")),
                     2);
    assert_false(exists(in_scratch("no.html")));

    /* Exports. */
    const char *csv = in_scratch("csv");
    const char *ics = in_scratch("ics");
    assert_int_equal(test_runf(NULL, NULL, "export %s --school %s --csv %s --ics %s --from 2025-01-06 --quiet", plan,
                         school, csv, ics),
                     0);
    char path[8200];
    static const char *const files[] = {"csv/assignments.csv", "csv/pupils.csv", "csv/staff.csv",
                                        "ics/TA-Hughes.ics", "ics/TA-Khan.ics"};
    for (size_t k = 0; k < sizeof files / sizeof files[0]; k++) {
        snprintf(path, sizeof path, "%s/%s", scratch, files[k]);
        assert_int_equal(stat(path, &info), 0);
        assert_int_equal(info.st_mode & 0777, 0600);
    }
    snprintf(path, sizeof path, "%s/ics/TA-New.ics", scratch);
    assert_false(exists(path)); /* not hired: no calendar */
    assert_int_equal(test_runf(NULL, NULL, "export %s --csv %s --quiet", plan, in_scratch("csv-outline")), 0);
    assert_int_equal(test_runf(NULL, &err, "export %s --ics %s", plan, in_scratch("no-ics")), 2);
    assert_non_null(strstr(err, "--ics needs the school file"));
    free(err);
    assert_int_equal(test_runf(NULL, NULL, "export %s --school %s", plan, school), 2);
    assert_int_equal(test_runf(NULL, NULL, "export %s --school %s --ics %s --from 2025-02-30", plan, school,
                         in_scratch("no-ics")),
                     2);
    assert_int_equal(test_runf(NULL, NULL, "export %s --school %s --ics %s --weeks 2.5", plan, school,
                         in_scratch("no-ics")),
                     2);
    assert_false(exists(in_scratch("no-ics")));

    /* solve --html writes the report of the plan it found. */
    const char *solved = in_scratch("solved.json");
    const char *solved_report = in_scratch("solved.html");
    assert_int_equal(test_runf(NULL, NULL, "solve %s -o %s --html %s --quiet --time-limit 5",
                         test_data("solve_hours.yaml"), solved, solved_report),
                     0);
    assert_int_equal(test_runf(NULL, NULL, "verify %s %s --quiet", test_data("solve_hours.yaml"), solved), 0);
    html = test_read_file(solved_report);
    assert_non_null(html);
    assert_non_null(strstr(html, "no violations"));
    /* A needs 3 h, T is contracted for 2: one hour short. */
    assert_string_equal(figure_after(html, NULL, "statutory_shortfall_hours"), "1");
    free(html);
}

/* ---- in a browser ---- */

static bool have_chromium(void)
{
    return system("command -v chromium >/dev/null 2>&1") == 0;
}

/* Runs headless Chromium on a local file with extra arguments; its output
 * goes to scratch files out and err. */
static int chromium(const char *html, const char *arguments, const char *out, const char *err)
{
    char command[16384];
    snprintf(command, sizeof command,
             "timeout 120 chromium --headless --no-sandbox --disable-gpu --no-first-run --disable-extensions "
             "--disable-background-networking --user-data-dir=%s/profile --enable-logging=stderr --v=0 %s "
             "file://%s >%s 2>%s </dev/null",
             scratch, arguments, html, out, err);
    return system(command);
}

/* Lines the page logged to the browser console; printed when unexpected. */
static int console_messages(const char *err_path, bool expected)
{
    char *err = test_read_file(err_path);
    assert_non_null(err);
    int n = count(err, ":CONSOLE");
    if (n > 0 && !expected)
        fprintf(stderr, "%s", err);
    free(err);
    return n;
}

/* A plan edited by hand may say anything a number can: a weekly cost of
 * 2^240 (exact in a double, 73 digits) is printed whole, grouped by
 * thousands, where it once overran the buffer. */
static void test_huge_money_printed_whole(void **state)
{
    (void)state;
    const char *plan = in_scratch("huge-cost.json");
    FILE *f = fopen(plan, "w");
    assert_non_null(f);
    fputs("{\"format\": \"taplan-plan/1\", \"status\": \"feasible\",\n"
          " \"assignments\": [{\"staff\": \"A\", \"day\": \"Mon\", \"slot\": \"P1\", \"activity\": \"planning\"}],\n"
          " \"summary\": {\"statutory_shortfall_hours\": 0, \"sen_support_shortfall_hours\": 0,\n"
          "  \"weekly_cost\": 1766847064778384329583297500742918515827483896875618958121606201292619776,\n"
          "  \"annual_cost\": 0, \"funded_hours\": 0, \"hours_reaching_pupils\": 0, \"unallocated_hours\": 0,\n"
          "  \"strength_withdrawals\": 0}}\n",
          f);
    fclose(f);
    const char *report = in_scratch("huge-cost.html");
    assert_int_equal(test_runf(NULL, NULL, "report %s -o %s --quiet", plan, report), 0);
    char *html = test_read_file(report);
    assert_non_null(strstr(html, "1,766,847,064,778,384,329,583,297,500,742,918,515,827,483,896,875,618,958,121,606,"
                                 "201,292,619,776.00"));
    free(html);
}

static void test_browser_renders_and_prints(void **state)
{
    (void)state;
    if (!have_chromium())
        skip();
    loaded l = load("report_school.yaml", "verify_plan.json");
    tap_report r = report_of(&l);
    const char *page = in_scratch("page.html");
    tap_diags diags = {0};
    assert_int_equal(tap_report_write(&r, page, &diags), TAP_OK);

    /* The detector works: a page that fetches something logs to the console. */
    const char *control = in_scratch("control.html");
    FILE *f = fopen(control, "w");
    assert_non_null(f);
    fputs("<!DOCTYPE html><html><head><meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'\">"
          "<title>control</title></head><body><img src=\"http://localhost:9/x.png\"></body></html>\n",
          f);
    fclose(f);
    char dom_path[4200], err_path[4200];
    snprintf(dom_path, sizeof dom_path, "%s/dom.html", scratch);
    snprintf(err_path, sizeof err_path, "%s/err.txt", scratch);
    assert_int_equal(chromium(control, "--dump-dom", dom_path, err_path), 0);
    assert_true(console_messages(err_path, true) > 0);

    /* The report: parsed as meant, the figures in the DOM, nothing logged. */
    assert_int_equal(chromium(page, "--dump-dom", dom_path, err_path), 0);
    assert_int_equal(console_messages(err_path, false), 0);
    char *dom = test_read_file(dom_path);
    assert_non_null(dom);
    assert_int_equal(count(dom, "<article class=\"adult\""), 2);
    assert_int_equal(count(dom, "<article class=\"group\""), 2);
    assert_int_equal(count(dom, "<article class=\"pupil\""), 3);
    assert_int_equal(count(dom, "<table class=\"grid\">"), 4);
    assert_int_equal(count(dom, "</svg>"), 1);
    assert_string_equal(figure_after(dom, NULL, "funded_hours"), "11");
    assert_string_equal(figure_after(dom, NULL, "ehcp_hours"), "5.5");
    assert_string_equal(figure_after(dom, NULL, "weekly_cost"), "150");
    assert_string_equal(figure_after(dom, "data-pupil=\"A1\"", "in_class_delivered"), "2");
    free(dom);

    /* A screenshot. */
    char png[4200], arguments[4400];
    snprintf(png, sizeof png, "%s/page.png", scratch);
    snprintf(arguments, sizeof arguments, "--hide-scrollbars --window-size=1200,1600 --screenshot=%s", png);
    assert_int_equal(chromium(page, arguments, dom_path, err_path), 0);
    assert_int_equal(console_messages(err_path, false), 0);
    char *image = test_read_file(png);
    assert_non_null(image);
    assert_memory_equal(image, "\x89PNG\r\n\x1a\n", 8);
    free(image);
    struct stat info;
    assert_int_equal(stat(png, &info), 0);
    assert_true(info.st_size > 20000); /* a page with grids, not a blank one */

    /* Printed, the adults' weeks take one A4 page each. */
    assert_true(tap_report_parse_sections("adults", &r.sections));
    const char *adults = in_scratch("adults.html");
    assert_int_equal(tap_report_write(&r, adults, &diags), TAP_OK);
    char pdf[4200];
    snprintf(pdf, sizeof pdf, "%s/adults.pdf", scratch);
    snprintf(arguments, sizeof arguments, "--no-pdf-header-footer --print-to-pdf=%s", pdf);
    assert_int_equal(chromium(adults, arguments, dom_path, err_path), 0);
    char *document = NULL;
    FILE *in = fopen(pdf, "rb");
    assert_non_null(in);
    assert_int_equal(fseek(in, 0, SEEK_END), 0);
    long size = ftell(in);
    rewind(in);
    document = calloc((size_t)size + 1, 1);
    assert_int_equal(fread(document, 1, (size_t)size, in), (size_t)size);
    fclose(in);
    /* Page objects are "/Type /Page"; the page tree's are "/Type /Pages". */
    int n_pages = 0;
    for (long k = 0; k + 11 < size; k++)
        n_pages += !memcmp(document + k, "/Type /Page", 11) && document[k + 11] != 's';
    assert_int_equal(n_pages, 2);
    free(document);
    tap_diags_clear(&diags);
    unload(&l);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_report_grids_and_figures),
        cmocka_unit_test(test_report_names_and_pseudonyms),
        cmocka_unit_test(test_report_self_contained_and_deterministic),
        cmocka_unit_test(test_report_violations_shown),
        cmocka_unit_test(test_out_of_range_assignments_left_out),
        cmocka_unit_test(test_report_replan_cover_sheet),
        cmocka_unit_test(test_report_compare),
        cmocka_unit_test(test_outline_from_plan_file),
        cmocka_unit_test(test_csv_round_trip),
        cmocka_unit_test(test_ics_calendar),
        cmocka_unit_test_setup_teardown(test_cli_report_and_export, setup, teardown),
        cmocka_unit_test_setup_teardown(test_huge_money_printed_whole, setup, teardown),
        cmocka_unit_test_setup_teardown(test_browser_renders_and_prints, setup, teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
