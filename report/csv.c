/* csv.c - the tables of csv.h. */
#include "csv.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/file.h"
#include "base/text.h"
#include "landing.h"
#include "week.h"

/* One row being written: fields are separated as they come. */
typedef struct {
    tap_text *t;
    int n_fields;
} row;

static void separate(row *r)
{
    if (r->n_fields++ > 0)
        tap_text_put(r->t, ",");
}

/* A text field, quoted when it holds a separator, a quote, a line break or
 * outer spaces. A leading = + - @ or control character would make a
 * spreadsheet run the cell as a formula: a quote mark in front keeps it
 * text (ids and names come from the school file, which anyone may edit). */
static void text(row *r, const char *value)
{
    separate(r);
    if (!value || !*value)
        return;
    bool formula = strchr("=+-@\t\r", value[0]) != NULL;
    size_t n = strlen(value);
    bool quoted = formula || strpbrk(value, ",\"\r\n") || value[0] == ' ' || value[n - 1] == ' ';
    if (!quoted) {
        tap_text_put(r->t, value);
        return;
    }
    tap_text_put(r->t, formula ? "\"'" : "\"");
    for (const char *p = value; *p; p++) {
        if (*p == '"')
            tap_text_put(r->t, "\"\""); /* a quote inside is doubled */
        else
            tap_text_putn(r->t, p, 1);
    }
    tap_text_put(r->t, "\"");
}

static void number(row *r, double value)
{
    separate(r);
    tap_text_number(r->t, value, 6);
}

static void integer(row *r, int value)
{
    separate(r);
    tap_text_printf(r->t, "%d", value);
}

static void empty(row *r)
{
    separate(r);
}

static void end_row(row *r)
{
    tap_text_put(r->t, "\r\n");
    r->n_fields = 0;
}

static void header(row *r, const char *const *names)
{
    for (int k = 0; names[k]; k++)
        text(r, names[k]);
    end_row(r);
}

/* A list of ids or words joined by "; " into one field. */
typedef struct {
    tap_text t;
    int n;
} joined;

static void join(joined *j, const char *item)
{
    tap_text_put(&j->t, j->n++ ? "; " : "");
    tap_text_put(&j->t, item);
}

static void joined_field(row *r, joined *j)
{
    if (j->t.failed)
        r->t->failed = true;
    text(r, j->n ? j->t.data : "");
    tap_text_free(&j->t);
    j->n = 0;
}

static void clock_field(row *r, int minute)
{
    separate(r);
    tap_text_printf(r->t, "%02d:%02d", minute / 60, minute % 60);
}

static void assignments_table(row *r, const tap_school *s, const tap_plan *plan, const tap_csv_settings *settings)
{
    static const char *const names[] = {"day",     "slot",      "start",  "end",           "hours",
                                        "staff",   "activity",  "group",  "subject",       "programme",
                                        "pupils",  "n_pupils",  "withdrawn_from", NULL};
    header(r, names);
    for (int i = 0; i < plan->n_assignments; i++) {
        const tap_assignment *a = &plan->assignments[i];
        if (!tap_week_fits(s, a))
            continue;
        const tap_slot *slot = &s->slots[a->slot];
        text(r, s->days[a->day].id);
        text(r, slot->id);
        if (settings->times_known) {
            clock_field(r, slot->start_minute);
            clock_field(r, slot->end_minute);
            number(r, tap_slot_minutes(slot) / 60.0);
        } else {
            empty(r), empty(r), empty(r);
        }
        text(r, s->staff[a->staff].id);
        text(r, tap_activity_name(a->activity));
        text(r, a->activity == TAP_ACT_IN_CLASS ? s->groups[a->group].id : "");
        text(r, a->activity == TAP_ACT_IN_CLASS ? s->subjects[a->subject].id : "");
        text(r, a->activity == TAP_ACT_INTERVENTION ? s->programmes[a->programme].id : "");
        joined pupils = {0}, withdrawn = {0};
        for (int k = 0; k < a->n_pupils; k++)
            join(&pupils, s->pupils[a->pupils[k]].id);
        joined_field(r, &pupils);
        integer(r, a->n_pupils);
        for (int k = 0; k < a->n_withdrawn; k++) {
            const tap_withdrawal *x = &a->withdrawn[k];
            char item[512];
            snprintf(item, sizeof item, "%s from %s %s", s->pupils[x->pupil].id, s->groups[x->group].id,
                     s->subjects[x->subject].id);
            join(&withdrawn, item);
        }
        joined_field(r, &withdrawn);
        end_row(r);
    }
}

static void pupils_table(row *r, const tap_school *s, const tap_plan *plan, const tap_figures *f,
                         const tap_csv_settings *settings, const tap_week *week)
{
    static const char *const names[] = {"pupil",
                                        "name",
                                        "plan",
                                        "in_class_entitled_hours",
                                        "in_class_delivered_hours",
                                        "sessions_entitled",
                                        "sessions_delivered",
                                        "interventions",
                                        "unstructured_needed_hours",
                                        "unstructured_covered_hours",
                                        "shortfall_hours",
                                        "adults",
                                        "n_adults",
                                        "withdrawals",
                                        "withdrawn_from",
                                        "strength_withdrawals",
                                        "reason",
                                        NULL};
    header(r, names);
    int *by_subject = calloc((size_t)s->n_subjects + 1, sizeof *by_subject);
    if (!by_subject) {
        r->t->failed = true;
        return;
    }
    for (int p = 0; p < s->n_pupils; p++) {
        const tap_pupil *pupil = &s->pupils[p];
        const tap_pupil_figures *pf = &f->pupils[p];
        if (!pf->listed)
            continue;
        text(r, pupil->id);
        text(r, settings->pseudonymise ? "" : pupil->name);
        text(r, pupil->plan == TAP_PLAN_EHCP ? "ehcp" : "sen_support");
        number(r, pf->in_class_entitled);
        number(r, pf->in_class_delivered);
        int entitled = 0, delivered = 0;
        joined interventions = {0};
        for (int n = 0; n < pf->n_interventions && n < pupil->n_interventions; n++) {
            entitled += pf->interventions[n].entitled;
            delivered += pf->interventions[n].delivered;
            char item[300];
            snprintf(item, sizeof item, "%s %d of %d", s->programmes[pupil->interventions[n].programme].id,
                     pf->interventions[n].delivered, pf->interventions[n].entitled);
            join(&interventions, item);
        }
        integer(r, entitled);
        integer(r, delivered);
        joined_field(r, &interventions);
        number(r, pf->unstructured_needed);
        number(r, pf->unstructured_covered);
        number(r, pf->shortfall_hours);
        joined adults = {0};
        for (int k = 0; k < pf->n_adults; k++)
            join(&adults, s->staff[pf->adults[k]].id);
        joined_field(r, &adults);
        integer(r, pf->n_adults);

        /* Withdrawals as the plan records them, counted per subject. */
        memset(by_subject, 0, (size_t)s->n_subjects * sizeof *by_subject);
        int n_withdrawn = 0, n_items = 0;
        const int *items = tap_week_pupil(week, p, &n_items);
        for (int i = 0; i < n_items; i++) {
            const tap_assignment *a = &plan->assignments[items[i]];
            for (int k = 0; k < a->n_withdrawn; k++)
                if (a->withdrawn[k].pupil == p)
                    by_subject[a->withdrawn[k].subject]++, n_withdrawn++;
        }
        integer(r, n_withdrawn);
        joined subjects = {0};
        for (int k = 0; k < s->n_subjects; k++) {
            if (!by_subject[k])
                continue;
            char item[300];
            snprintf(item, sizeof item, "%s %d", s->subjects[k].id, by_subject[k]);
            join(&subjects, item);
        }
        joined_field(r, &subjects);
        integer(r, pf->strength_withdrawals);
        text(r, plan->pupil_reasons && p < plan->n_pupil_reasons ? plan->pupil_reasons[p] : "");
        end_row(r);
    }
    free(by_subject);
}

static const char *role_name(tap_role role)
{
    return role == TAP_ROLE_TEACHER ? "teacher" : role == TAP_ROLE_HLTA ? "hlta" : "ta";
}

static void staff_table(row *r, const tap_school *s, const tap_plan *plan, const tap_figures *f,
                        const tap_csv_settings *settings)
{
    static const char *const names[] = {"staff",          "role",        "employed",          "optional",
                                        "contract_hours", "contact_hours", "planning_slots",  "planning_hours",
                                        "ehcp_hours",     "sen_support_hours", "unallocated_hours", "weekly_cost",
                                        "annual_cost",    NULL};
    header(r, names);
    tap_landing total;
    tap_landing *per_staff = calloc((size_t)s->n_staff + 1, sizeof *per_staff);
    if (!per_staff) {
        r->t->failed = true;
        return;
    }
    tap_landing_compute(s, plan, f, settings->times_known, &total, per_staff);
    for (int a = 0; a < s->n_staff; a++) {
        const tap_staff *adult = &s->staff[a];
        const tap_staff_figures *sf = &f->staff[a];
        text(r, adult->id);
        text(r, settings->times_known ? role_name(adult->role) : "");
        text(r, sf->employed ? "yes" : "no");
        text(r, adult->optional ? "yes" : "no");
        number(r, sf->contract_hours);
        number(r, sf->contact_hours);
        integer(r, sf->planning_slots);
        if (settings->times_known) {
            number(r, per_staff[a].planning);
            number(r, per_staff[a].ehcp);
            number(r, per_staff[a].sen_support);
            number(r, per_staff[a].unallocated);
        } else {
            empty(r), empty(r), empty(r), empty(r);
        }
        number(r, sf->weekly_cost);
        number(r, sf->weekly_cost * s->budget.weeks_per_year);
        end_row(r);
    }
    free(per_staff);
}

const char *tap_csv_file_name(tap_csv_table table)
{
    switch (table) {
    case TAP_CSV_ASSIGNMENTS: return "assignments.csv";
    case TAP_CSV_PUPILS: return "pupils.csv";
    case TAP_CSV_STAFF: return "staff.csv";
    }
    return "table.csv";
}

tap_status tap_csv_render(const tap_school *school, const tap_plan *plan, const tap_figures *figures,
                          tap_csv_table table, const tap_csv_settings *settings, char **out)
{
    *out = NULL;
    tap_week *week = NULL;
    if (table == TAP_CSV_PUPILS && tap_week_build(school, plan, &week) != TAP_OK)
        return TAP_ENOMEM;
    tap_text t = {0};
    row r = {&t, 0};
    tap_text_put(&t, "\xEF\xBB\xBF"); /* UTF-8 byte-order mark: spreadsheets then read names right */
    switch (table) {
    case TAP_CSV_ASSIGNMENTS: assignments_table(&r, school, plan, settings); break;
    case TAP_CSV_PUPILS: pupils_table(&r, school, plan, figures, settings, week); break;
    case TAP_CSV_STAFF: staff_table(&r, school, plan, figures, settings); break;
    }
    tap_week_destroy(&week);
    *out = tap_text_take(&t);
    return *out ? TAP_OK : TAP_ENOMEM;
}

tap_status tap_csv_write(const tap_school *school, const tap_plan *plan, const tap_figures *figures,
                         const tap_csv_settings *settings, const char *dir, tap_diags *diags)
{
    tap_status status = tap_file_make_dir(dir, diags);
    static const tap_csv_table tables[] = {TAP_CSV_ASSIGNMENTS, TAP_CSV_PUPILS, TAP_CSV_STAFF};
    for (size_t k = 0; k < sizeof tables / sizeof tables[0] && status == TAP_OK; k++) {
        char *csv = NULL;
        status = tap_csv_render(school, plan, figures, tables[k], settings, &csv);
        if (status != TAP_OK)
            break;
        status = tap_file_write_in_dir(dir, tap_csv_file_name(tables[k]), csv, strlen(csv), diags);
        free(csv);
    }
    return status;
}
