/* html.c - the printable report of report.h: HTML with inline CSS and SVG,
 * built in one pass over indexes (week.h) so that a 2,000-pupil school
 * renders in a fraction of a second. */
#include "report.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "base/file.h"
#include "base/text.h"
#include "landing.h"
#include "week.h"

/* ------------------------------------------------------------------ */
/* Sections                                                           */
/* ------------------------------------------------------------------ */

static const struct {
    const char *name;
    unsigned bit;
} section_names[] = {
    {"summary", TAP_REPORT_SUMMARY}, {"adults", TAP_REPORT_ADULTS},   {"groups", TAP_REPORT_GROUPS},
    {"pupils", TAP_REPORT_PUPILS},   {"changes", TAP_REPORT_CHANGES}, {"options", TAP_REPORT_OPTIONS},
};

bool tap_report_parse_sections(const char *list, unsigned *out)
{
    *out = 0;
    for (const char *p = list; p && *p;) {
        const char *end = strchr(p, ',');
        size_t n = end ? (size_t)(end - p) : strlen(p);
        bool known = false;
        for (size_t k = 0; k < sizeof section_names / sizeof section_names[0] && !known; k++)
            if (strlen(section_names[k].name) == n && !strncmp(p, section_names[k].name, n)) {
                *out |= section_names[k].bit;
                known = true;
            }
        if (!known)
            return false;
        p = end ? end + 1 : NULL;
    }
    return *out != 0;
}

/* ------------------------------------------------------------------ */
/* Writing helpers                                                    */
/* ------------------------------------------------------------------ */

typedef struct {
    const tap_report *r;
    const tap_school *s;
    const tap_plan *plan;
    const tap_figures *f;
    const tap_week *week;
    const tap_week *before; /* the previous plan's week, replan only */
    tap_text *t;
} context;

static void put(context *c, const char *text)
{
    tap_text_put(c->t, text);
}

/* Text as HTML character data or attribute value. */
static void esc(context *c, const char *text)
{
    if (!text)
        return;
    const char *run = text;
    for (const char *p = text; *p; p++) {
        const char *entity = NULL;
        switch (*p) {
        case '&': entity = "&amp;"; break;
        case '<': entity = "&lt;"; break;
        case '>': entity = "&gt;"; break;
        case '"': entity = "&quot;"; break;
        case '\'': entity = "&#39;"; break;
        default: break;
        }
        if (!entity)
            continue;
        tap_text_putn(c->t, run, (size_t)(p - run));
        put(c, entity);
        run = p + 1;
    }
    put(c, run);
}

static void hours(context *c, double value)
{
    tap_text_number(c->t, value, 2);
}

/* Money with two decimals and thousands separators; the school file names
 * no currency, so none is printed. */
static void money(context *c, double value)
{
    /* Any finite double fits: 309 digits, sign, point and two decimals. A
     * plan edited by hand may hold 1e300 as a cost. */
    char digits[320];
    int n = snprintf(digits, sizeof digits, "%.2f", fabs(value) < 0.005 ? 0.0 : value);
    const char *point = n > 0 && (size_t)n < sizeof digits ? strchr(digits, '.') : NULL;
    if (!point) { /* inf or nan: not money at all */
        put(c, "?");
        return;
    }
    const char *start = digits[0] == '-' ? digits + 1 : digits;
    if (start != digits)
        put(c, "-");
    size_t n_int = (size_t)(point - start);
    for (size_t i = 0; i < n_int; i++) {
        if (i > 0 && (n_int - i) % 3 == 0)
            put(c, ",");
        tap_text_putn(c->t, start + i, 1);
    }
    put(c, point);
}

/* A table cell holding a figure that tests and readers can find: the exact
 * value in data-value, the rounded one shown. */
static void figure_cell(context *c, const char *name, double value, const char *unit, const char *class_name)
{
    tap_text_printf(c->t, "<td class=\"num%s%s\" data-figure=\"%s\" data-value=\"", class_name ? " " : "",
                    class_name ? class_name : "", name);
    tap_text_number(c->t, value, 6);
    put(c, "\">");
    hours(c, value);
    put(c, unit);
    put(c, "</td>");
}

static bool wants(const context *c, unsigned section)
{
    return c->r->sections == 0 || (c->r->sections & section);
}

static const char *plan_kind_text(tap_plan_kind kind)
{
    switch (kind) {
    case TAP_PLAN_EHCP: return "EHC plan";
    case TAP_PLAN_SEN_SUPPORT: return "SEN support";
    case TAP_PLAN_NONE: return "no plan";
    }
    return "no plan";
}

static const char *role_text(tap_role role)
{
    switch (role) {
    case TAP_ROLE_TA: return "TA";
    case TAP_ROLE_HLTA: return "HLTA";
    case TAP_ROLE_TEACHER: return "teacher";
    }
    return "TA";
}

static const char *status_text(tap_plan_status status)
{
    switch (status) {
    case TAP_STATUS_OPTIMAL: return "proven the best plan under the objective";
    case TAP_STATUS_FEASIBLE: return "obeys every rule, not proven the best";
    case TAP_STATUS_INFEASIBLE: return "the hard rules admit no plan";
    case TAP_STATUS_NO_PLAN: return "no plan found in the time allowed";
    }
    return "";
}

/* A pupil as the school wants to see them: the display name when the
 * school file gives one and names are allowed, else the id. */
static void pupil_label(context *c, const tap_school *s, int p)
{
    const tap_pupil *pupil = &s->pupils[p];
    esc(c, !c->r->pseudonymise && pupil->name && *pupil->name ? pupil->name : pupil->id);
}

static void pupil_list(context *c, const tap_school *s, const int *pupils, int n)
{
    for (int k = 0; k < n; k++) {
        if (k > 0)
            put(c, ", ");
        pupil_label(c, s, pupils[k]);
    }
}

static void slot_time(context *c, const tap_slot *slot)
{
    if (c->r->outline || slot->end_minute <= slot->start_minute)
        return;
    tap_text_printf(c->t, "<span class=\"time\">%02d:%02d–%02d:%02d</span>", slot->start_minute / 60,
                    slot->start_minute % 60, slot->end_minute / 60, slot->end_minute % 60);
}

/* ------------------------------------------------------------------ */
/* The page                                                           */
/* ------------------------------------------------------------------ */

static const char style_sheet[] =
    ":root{--ink:#1d2430;--muted:#5b6575;--line:#c9d0da;--head:#f3f5f8;--class:#dbeafe;--session:#fde7c8;"
    "--duty:#e0f2d8;--planning:#ece4f7;--break:#f6f6f6;--changed:#c0262d;--ehcp:#1f5fbf;--sen:#63a8ea;"
    "--other:#a9c3e0;--nopupil:#d9b56a;--plan:#8e6cc4;--unalloc:#cdd2da;--short:#a4161a;--ok:#1b7a3a}\n"
    "*{box-sizing:border-box}\n"
    "body{font:14px/1.4 system-ui,-apple-system,\"Segoe UI\",Roboto,\"Helvetica Neue\",Arial,sans-serif;"
    "color:var(--ink);margin:0 auto;max-width:1200px;padding:16px}\n"
    "h1{font-size:1.6em;margin:0 0 .2em}h2{font-size:1.3em;border-bottom:2px solid var(--ink);"
    "padding-bottom:2px;margin:1.6em 0 .6em}h3{font-size:1.1em;margin:.2em 0}\n"
    ".meta,.facts,.note,.time{color:var(--muted)}.facts{margin:.2em 0 .5em}\n"
    "nav ul{list-style:none;padding:0;display:flex;gap:1.2em;flex-wrap:wrap}\n"
    "table{border-collapse:collapse}\n"
    "table.grid{width:100%;table-layout:fixed}\n"
    ".grid th,.grid td{border:1px solid var(--line);padding:3px 5px;vertical-align:top;font-size:12px;"
    "overflow-wrap:anywhere}\n"
    ".grid thead th{background:var(--head)}.grid tbody th{text-align:left;background:var(--head)}"
    ".grid col.slots{width:7.5em}\n"
    ".grid .time{display:block;font-weight:normal;font-size:11px}\n"
    "td.in_class{background:var(--class)}td.intervention{background:var(--session)}"
    "td.unstructured{background:var(--duty)}td.planning{background:var(--planning)}"
    "td.break{background:var(--break);font-style:italic}td.free,td.none{color:var(--muted)}"
    "td.off{color:var(--muted);background:repeating-linear-gradient(45deg,#ececec 0 4px,#f8f8f8 4px 8px)}"
    "td.clash{outline:3px solid var(--short)}\n"
    "td.changed{box-shadow:inset 0 0 0 3px var(--changed)}.was{display:block;color:var(--changed);font-size:11px}\n"
    ".what{font-weight:600}.from{display:block;font-size:11px;color:var(--muted)}\n"
    "table.figures th,table.figures td{border-bottom:1px solid var(--line);padding:3px 8px;text-align:left;"
    "vertical-align:top}\n"
    "table.figures thead th{background:var(--head)}table.figures{margin:.3em 0 1em}\n"
    "td.num{text-align:right;font-variant-numeric:tabular-nums;white-space:nowrap}\n"
    ".short{color:var(--short);font-weight:600}.ok{color:var(--ok)}\n"
    ".bar{display:inline-block;width:110px;height:10px;background:#e5e7eb;vertical-align:middle}"
    ".bar>span{display:block;height:100%;background:var(--ehcp)}\n"
    "article{margin:1em 0 1.6em}article.pupil,article.option{border:1px solid var(--line);border-radius:4px;"
    "padding:8px 12px}\n"
    ".legend{margin:.3em 0}.legend span{display:inline-block;margin-right:1.2em}"
    ".swatch{display:inline-block;width:.9em;height:.9em;vertical-align:-.1em;margin-right:.35em;"
    "border:1px solid #0003}\n"
    ".warning{border:2px solid var(--short);padding:6px 10px;background:#fff5f5}\n"
    ".best{font-weight:700}.best::after{content:\" \\2605\"}\n"
    "svg{max-width:100%;height:auto}svg text{font:12px system-ui,-apple-system,\"Segoe UI\",Arial,sans-serif;"
    "fill:var(--ink)}\n"
    "@media screen{article{content-visibility:auto;contain-intrinsic-size:auto 480px}}\n"
    "@page{size:A4 portrait;margin:12mm}\n"
    "@media print{body{max-width:none;padding:0;font-size:10pt}nav{display:none}"
    "section+section{break-before:page}article.adult+article.adult{break-before:page}"
    "article{break-inside:avoid}h2{margin-top:0}.grid th,.grid td{font-size:8.5pt}"
    "*{-webkit-print-color-adjust:exact;print-color-adjust:exact}}\n";

static void page_start(context *c, const char *title)
{
    put(c, "<!DOCTYPE html>\n<html lang=\"en-GB\">\n<head>\n<meta charset=\"utf-8\">\n"
           "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
           /* Nothing may leave the machine: the policy forbids every fetch. */
           "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; style-src 'unsafe-inline'; "
           "img-src data:\">\n<meta name=\"generator\" content=\"taplan\">\n<title>");
    esc(c, title);
    put(c, " – TA deployment</title>\n<style>\n");
    put(c, style_sheet);
    put(c, "</style>\n</head>\n<body>\n");
}

static void page_end(context *c)
{
    put(c, "<footer class=\"note\"><p>Made by taplan from the plan");
    put(c, c->r->outline ? " file alone" : " and the school file");
    put(c, ". Pupils appear by ");
    put(c, c->r->pseudonymise ? "id only." : "display name where the school file gives one, else by id.");
    put(c, "</p></footer>\n</body>\n</html>\n");
}

/* ------------------------------------------------------------------ */
/* What an adult does at a slot, in words                             */
/* ------------------------------------------------------------------ */

static void describe(context *c, const tap_school *s, const tap_assignment *a)
{
    switch (a->activity) {
    case TAP_ACT_IN_CLASS:
        put(c, "in class ");
        esc(c, s->groups[a->group].id);
        put(c, " ");
        esc(c, s->subjects[a->subject].id);
        break;
    case TAP_ACT_INTERVENTION:
        esc(c, s->programmes[a->programme].id);
        put(c, " session");
        break;
    case TAP_ACT_UNSTRUCTURED: put(c, "unstructured duty"); break;
    case TAP_ACT_PLANNING: put(c, "planning"); break;
    }
    if (a->n_pupils > 0) {
        put(c, a->activity == TAP_ACT_IN_CLASS ? " with " : ": ");
        pupil_list(c, s, a->pupils, a->n_pupils);
    }
}

/* The plain text of an adult's cell in a week, for the cover sheet. */
static void describe_cell(context *c, const tap_week *w, int staff, int day, int slot)
{
    int n = 0;
    const int *items = tap_week_adult_at(w, staff, day, slot, &n);
    if (n == 0) {
        put(c, tap_staff_available(&w->school->staff[staff], day, slot) ? "free" : "not available");
        return;
    }
    for (int k = 0; k < n; k++) {
        if (k > 0)
            put(c, "; ");
        describe(c, w->school, &w->plan->assignments[items[k]]);
    }
}

static void assignment_cell_body(context *c, const tap_assignment *a)
{
    const tap_school *s = c->s;
    switch (a->activity) {
    case TAP_ACT_IN_CLASS:
        put(c, "<span class=\"what\">");
        esc(c, s->subjects[a->subject].id);
        put(c, "</span> ");
        esc(c, s->groups[a->group].id);
        break;
    case TAP_ACT_INTERVENTION:
        put(c, "<span class=\"what\">");
        esc(c, s->programmes[a->programme].id);
        put(c, "</span> session");
        break;
    case TAP_ACT_UNSTRUCTURED: put(c, "<span class=\"what\">Duty</span>"); break;
    case TAP_ACT_PLANNING: put(c, "<span class=\"what\">Planning</span>"); break;
    }
    if (a->n_pupils > 0) {
        put(c, "<br>");
        pupil_list(c, s, a->pupils, a->n_pupils);
    }
    for (int k = 0; k < a->n_withdrawn; k++) {
        const tap_withdrawal *x = &a->withdrawn[k];
        put(c, "<span class=\"from\">");
        pupil_label(c, s, x->pupil);
        put(c, " from ");
        esc(c, s->subjects[x->subject].id);
        put(c, " (");
        esc(c, s->groups[x->group].id);
        put(c, ")</span>");
    }
}

/* ------------------------------------------------------------------ */
/* Charts                                                             */
/* ------------------------------------------------------------------ */

typedef struct {
    const char *label;
    const char *figure; /* the data-figure name of its hours */
    const char *colour; /* a CSS colour */
    double hours;
} segment;

/* The segments of "where every support hour lands", in reading order. */
static int landing_segments(const tap_landing *l, segment *out)
{
    int n = 0;
    if (l->split_known) {
        out[n++] = (segment){"with pupils with an EHC plan", "ehcp_hours", "var(--ehcp)", l->ehcp};
        out[n++] = (segment){"with pupils on SEN support", "sen_support_hours", "var(--sen)", l->sen_support};
        if (l->other_pupils > 1e-9)
            out[n++] = (segment){"with pupils with no plan", "other_pupil_hours", "var(--other)", l->other_pupils};
    } else {
        out[n++] = (segment){"with pupils", "pupil_hours", "var(--ehcp)", l->contact - l->no_pupil};
    }
    if (l->no_pupil > 1e-9)
        out[n++] = (segment){"in lessons or duties with no pupil", "no_pupil_hours", "var(--nopupil)", l->no_pupil};
    out[n++] = (segment){"planning", "planning_hours", "var(--plan)", l->planning};
    out[n++] = (segment){"unallocated", "unallocated_hours", "var(--unalloc)", l->unallocated};
    return n;
}

static void landing_chart(context *c, const tap_landing *l)
{
    segment segments[8];
    int n = landing_segments(l, segments);
    const double width = 720, bar = 36;
    put(c, "<figure class=\"chart\"><svg class=\"landing\" viewBox=\"0 0 720 44\" width=\"720\" height=\"44\" "
           "role=\"img\" aria-label=\"Where every support hour lands\">");
    double x = 0;
    for (int k = 0; k < n; k++) {
        double w = l->funded > 0 ? width * (segments[k].hours > 0 ? segments[k].hours : 0) / l->funded : 0;
        if (w <= 0)
            continue;
        tap_text_printf(c->t, "<rect x=\"%.2f\" y=\"4\" width=\"%.2f\" height=\"%.0f\" style=\"fill:%s\"><title>",
                        x, w, bar, segments[k].colour);
        hours(c, segments[k].hours);
        put(c, " h ");
        put(c, segments[k].label);
        put(c, "</title></rect>");
        if (w > 46) {
            tap_text_printf(c->t, "<text x=\"%.2f\" y=\"27\" style=\"fill:#fff;font-weight:600\">", x + 5);
            hours(c, segments[k].hours);
            put(c, "</text>");
        }
        x += w;
    }
    if (l->funded <= 0)
        put(c, "<text x=\"4\" y=\"27\">no funded hours</text>");
    put(c, "</svg></figure>\n<table class=\"figures landing\"><thead><tr><th>Hours a week</th><th>hours</th>"
           "<th>share</th></tr></thead><tbody>\n");
    for (int k = 0; k < n; k++) {
        put(c, "<tr><td><span class=\"swatch\" style=\"background:");
        put(c, segments[k].colour);
        put(c, "\"></span>");
        put(c, segments[k].label);
        put(c, "</td>");
        figure_cell(c, segments[k].figure, segments[k].hours, " h", NULL);
        put(c, "<td class=\"num\">");
        tap_text_number(c->t, l->funded > 0 ? 100.0 * segments[k].hours / l->funded : 0.0, 0);
        put(c, "%</td></tr>\n");
    }
    put(c, "<tr><th>Funded</th>");
    figure_cell(c, "funded_hours", l->funded, " h", NULL);
    put(c, "<td class=\"num\">100%</td></tr>\n</tbody></table>\n");
}

/* A round step for about target ticks over range. */
static double nice_step(double range, int target)
{
    if (!(range > 0))
        return 1;
    double raw = range / target;
    double power = pow(10, floor(log10(raw)));
    double unit = raw / power;
    double step = unit < 1.5 ? 1 : unit < 3 ? 2 : unit < 7 ? 5 : 10;
    return step * power;
}

typedef struct {
    double x0, x1, y0, y1;           /* data range */
    double left, top, width, height; /* plot area in SVG units */
} frame;

static double fx(const frame *f, double x)
{
    return f->left + (f->x1 > f->x0 ? (x - f->x0) / (f->x1 - f->x0) : 0.5) * f->width;
}

static double fy(const frame *f, double y)
{
    return f->top + f->height - (f->y1 > f->y0 ? (y - f->y0) / (f->y1 - f->y0) : 0) * f->height;
}

/* Axes with round ticks; widens the frame's range to whole steps. */
static void axes(context *c, frame *f, const char *x_label, const char *y_label)
{
    double xs = nice_step(f->x1 - f->x0, 5), ys = nice_step(f->y1 - f->y0, 5);
    f->x0 = floor(f->x0 / xs) * xs, f->x1 = ceil(f->x1 / xs) * xs;
    f->y0 = floor(f->y0 / ys) * ys, f->y1 = ceil(f->y1 / ys) * ys;
    if (f->x1 <= f->x0)
        f->x1 = f->x0 + xs;
    if (f->y1 <= f->y0)
        f->y1 = f->y0 + ys;
    tap_text_printf(c->t, "<g class=\"axes\" style=\"stroke:#8a94a3\"><line x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" "
                          "y2=\"%.1f\"/><line x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\"/></g>",
                    f->left, f->top + f->height, f->left + f->width, f->top + f->height, f->left, f->top, f->left,
                    f->top + f->height);
    for (int k = 0; k <= 20; k++) {
        double x = f->x0 + k * xs;
        if (x > f->x1 + xs / 2)
            break;
        tap_text_printf(c->t, "<text x=\"%.1f\" y=\"%.1f\" text-anchor=\"middle\">", fx(f, x), f->top + f->height + 16);
        tap_text_number(c->t, x, 2);
        put(c, "</text>");
    }
    for (int k = 0; k <= 20; k++) {
        double y = f->y0 + k * ys;
        if (y > f->y1 + ys / 2)
            break;
        tap_text_printf(c->t, "<text x=\"%.1f\" y=\"%.1f\" text-anchor=\"end\">", f->left - 6, fy(f, y) + 4);
        hours(c, y);
        put(c, "</text>");
    }
    tap_text_printf(c->t, "<text x=\"%.1f\" y=\"%.1f\" text-anchor=\"middle\">", f->left + f->width / 2,
                    f->top + f->height + 34);
    put(c, x_label);
    tap_text_printf(c->t, "</text><text x=\"14\" y=\"%.1f\" text-anchor=\"middle\" transform=\"rotate(-90 14 %.1f)\">",
                    f->top + f->height / 2, f->top + f->height / 2);
    put(c, y_label);
    put(c, "</text>");
}

/* ------------------------------------------------------------------ */
/* Summary                                                            */
/* ------------------------------------------------------------------ */

static void verdict(context *c)
{
    const tap_report *r = c->r;
    if (r->n_violations < 0) {
        put(c, "<p class=\"note\">Not checked against the rules: the report was made without the school file.</p>\n");
    } else if (r->n_violations == 0) {
        put(c, "<p class=\"ok\">Checked against every rule of the school file: no violations.</p>\n");
    } else {
        tap_text_printf(c->t, "<div class=\"warning\"><p><strong>This plan breaks %d rule%s</strong> of the school "
                              "file. Do not publish it until they are mended.</p><ul>",
                        r->n_violations, r->n_violations == 1 ? "" : "s");
        for (int k = 0; r->violations && k < r->violations->n_items && k < 50; k++) {
            put(c, "<li>");
            esc(c, r->violations->items[k].message);
            put(c, "</li>");
        }
        if (r->violations && r->violations->n_items > 50)
            tap_text_printf(c->t, "<li>and %d more (taplan verify lists them all)</li>", r->violations->n_items - 50);
        put(c, "</ul></div>\n");
    }
}

static void shortfall_table(context *c, const tap_school *s, const tap_plan *plan, const tap_figures *f)
{
    int n_short[2] = {0, 0};
    for (int p = 0; p < s->n_pupils; p++)
        if (f->pupils[p].listed && f->pupils[p].shortfall_hours > 1e-6)
            n_short[s->pupils[p].plan == TAP_PLAN_EHCP ? 0 : 1]++;
    const tap_summary *sum = &f->summary;
    put(c, "<table class=\"figures shortfall-totals\"><tbody><tr><th>Statutory shortfall (EHC plans)</th>");
    figure_cell(c, "statutory_shortfall_hours", sum->statutory_shortfall_hours, " h",
                sum->statutory_shortfall_hours > 1e-6 ? "short" : "ok");
    tap_text_printf(c->t, "<td>%d pupil%s</td></tr>\n<tr><th>SEN-support shortfall</th>", n_short[0],
                    n_short[0] == 1 ? "" : "s");
    figure_cell(c, "sen_support_shortfall_hours", sum->sen_support_shortfall_hours, " h",
                sum->sen_support_shortfall_hours > 1e-6 ? "short" : "ok");
    tap_text_printf(c->t, "<td>%d pupil%s</td></tr>\n<tr><th>Withdrawals from strength subjects</th>", n_short[1],
                    n_short[1] == 1 ? "" : "s");
    tap_text_printf(c->t, "<td class=\"num\" data-figure=\"strength_withdrawals\" data-value=\"%d\">%d</td><td></td>"
                          "</tr>\n</tbody></table>\n",
                    sum->strength_withdrawals, sum->strength_withdrawals);
    if (n_short[0] + n_short[1] == 0) {
        put(c, "<p class=\"ok\">Every pupil receives their full entitlement.</p>\n");
        return;
    }
    put(c, "<table class=\"figures shortfalls\"><thead><tr><th>Pupil</th><th>Plan</th><th>Short</th><th>Why</th>"
           "</tr></thead><tbody>\n");
    for (int pass = 0; pass < 2; pass++)
        for (int p = 0; p < s->n_pupils; p++) {
            const tap_pupil_figures *pf = &f->pupils[p];
            if (!pf->listed || pf->shortfall_hours <= 1e-6 || (s->pupils[p].plan == TAP_PLAN_EHCP) != (pass == 0))
                continue;
            tap_text_printf(c->t, "<tr data-pupil=\"");
            esc(c, s->pupils[p].id);
            put(c, "\"><td>");
            pupil_label(c, s, p);
            put(c, "</td><td>");
            put(c, plan_kind_text(s->pupils[p].plan));
            put(c, "</td>");
            figure_cell(c, "shortfall_hours", pf->shortfall_hours, " h", "short");
            put(c, "<td>");
            const char *reason = plan->pupil_reasons && p < plan->n_pupil_reasons ? plan->pupil_reasons[p] : NULL;
            esc(c, reason ? reason : "capacity is used elsewhere");
            put(c, "</td></tr>\n");
        }
    put(c, "</tbody></table>\n");
}

/* Where the money goes: each employed adult's hours and cost. */
static void staff_table(context *c, const tap_school *s, const tap_figures *f, const tap_landing *per_staff,
                        bool split_known)
{
    put(c, "<table class=\"figures staff\"><thead><tr><th>Adult</th><th>Role</th><th>Contract</th><th>Contact</th>");
    if (split_known)
        put(c, "<th>EHC plans</th><th>SEN support</th><th>Planning</th><th>Unallocated</th>");
    put(c, "<th>Cost a week</th></tr></thead><tbody>\n");
    for (int a = 0; a < s->n_staff; a++) {
        const tap_staff_figures *sf = &f->staff[a];
        if (!sf->employed)
            continue;
        put(c, "<tr data-staff=\"");
        esc(c, s->staff[a].id);
        put(c, "\"><td>");
        esc(c, s->staff[a].id);
        put(c, s->staff[a].optional ? " (hire)" : "");
        put(c, "</td><td>");
        put(c, role_text(s->staff[a].role));
        put(c, "</td>");
        figure_cell(c, "contract_hours", sf->contract_hours, " h", NULL);
        figure_cell(c, "contact_hours", sf->contact_hours, " h", NULL);
        if (split_known) {
            figure_cell(c, "ehcp_hours", per_staff[a].ehcp, " h", NULL);
            figure_cell(c, "sen_support_hours", per_staff[a].sen_support, " h", NULL);
            figure_cell(c, "planning_hours", per_staff[a].planning, " h", NULL);
            figure_cell(c, "unallocated_hours", per_staff[a].unallocated, " h", NULL);
        }
        put(c, "<td class=\"num\">");
        money(c, sf->weekly_cost);
        put(c, "</td></tr>\n");
    }
    put(c, "</tbody></table>\n");
}

/* The summary of one plan: the hours, the money, the shortfalls. */
static tap_status summary_body(context *c, const tap_school *s, const tap_plan *plan, const tap_figures *f)
{
    tap_landing total;
    tap_landing *per_staff = calloc((size_t)s->n_staff + 1, sizeof *per_staff);
    if (!per_staff)
        return TAP_ENOMEM;
    tap_landing_compute(s, plan, f, !c->r->outline, &total, per_staff);
    const tap_summary *sum = &f->summary;

    put(c, "<p class=\"lead\">Of <strong>");
    hours(c, total.funded);
    put(c, "</strong> funded hours a week, ");
    if (total.split_known) {
        hours(c, total.ehcp);
        put(c, " reach pupils with an EHC plan and ");
        hours(c, total.sen_support);
        put(c, " pupils on SEN support; ");
    } else {
        hours(c, sum->hours_reaching_pupils);
        put(c, " reach pupils; ");
    }
    hours(c, total.planning);
    put(c, " are planning time and ");
    hours(c, total.unallocated);
    put(c, " are unallocated.</p>\n");
    landing_chart(c, &total);

    put(c, "<h3>Cost</h3>\n<table class=\"figures cost\"><tbody><tr><th>A week</th><td class=\"num\" "
           "data-figure=\"weekly_cost\" data-value=\"");
    tap_text_number(c->t, sum->weekly_cost, 6);
    put(c, "\">");
    money(c, sum->weekly_cost);
    put(c, "</td></tr>\n<tr><th>A year");
    if (!c->r->outline)
        tap_text_printf(c->t, " (%g weeks)", s->budget.weeks_per_year);
    put(c, "</th><td class=\"num\" data-figure=\"annual_cost\" data-value=\"");
    tap_text_number(c->t, sum->annual_cost, 6);
    put(c, "\">");
    money(c, sum->annual_cost);
    put(c, "</td></tr>\n");
    if (!c->r->outline && s->budget.has_weekly) {
        put(c, "<tr><th>Budget a week</th><td class=\"num\">");
        money(c, s->budget.weekly);
        put(c, "</td></tr>\n");
    }
    if (sum->hours_reaching_pupils > 1e-9) {
        put(c, "<tr><th>Cost per hour reaching pupils</th><td class=\"num\">");
        money(c, sum->weekly_cost / sum->hours_reaching_pupils);
        put(c, "</td></tr>\n");
    }
    put(c, "</tbody></table>\n");
    staff_table(c, s, f, per_staff, total.split_known);
    free(per_staff);

    put(c, "<h3>Shortfalls</h3>\n");
    shortfall_table(c, s, plan, f);
    return TAP_OK;
}

static void put_gap(context *c, double gap)
{
    char text[24];
    tap_gap_percent(gap, 2, text, sizeof text);
    put(c, " (gap ");
    put(c, text);
    put(c, ")");
}

static void status_line(context *c, const tap_plan *plan)
{
    put(c, "<p class=\"meta\">Plan <span data-figure=\"status\">");
    put(c, tap_plan_status_name(plan->status));
    put(c, "</span>: ");
    put(c, status_text(plan->status));
    if (plan->status == TAP_STATUS_FEASIBLE && isfinite(plan->gap))
        put_gap(c, plan->gap);
    if (!c->r->outline && tap_plan_found(plan))
        put(c, plan->statutory_proven || plan->status == TAP_STATUS_OPTIMAL
                   ? "; the statutory shortfall is proven minimal"
                   : "");
    put(c, ".</p>\n");
}

/* ------------------------------------------------------------------ */
/* Adults                                                             */
/* ------------------------------------------------------------------ */

static void adult_cell(context *c, int a, int d, int t)
{
    const tap_school *s = c->s;
    int n = 0;
    const int *items = tap_week_adult_at(c->week, a, d, t, &n);
    bool changed = c->before && !tap_week_same_cell(c->week, c->before, a, d, t);
    const char *kind = NULL;
    if (n == 0 && c->r->outline)
        kind = "none"; /* free or unavailable: only the school file says */
    else if (n == 0 && !tap_staff_available(&s->staff[a], d, t))
        kind = "off";
    else if (n == 0)
        kind = tap_week_break_slot(c->week, a, d) == t ? "break" : "free";
    else
        kind = tap_activity_name(c->plan->assignments[items[0]].activity); /* the CSS class */
    tap_text_printf(c->t, "<td class=\"%s%s%s\">", kind, n > 1 ? " clash" : "", changed ? " changed" : "");
    if (n == 0)
        put(c, !strcmp(kind, "off")     ? "Not available"
               : !strcmp(kind, "break") ? "Break"
               : !strcmp(kind, "none")  ? "–"
                                        : "Free");
    for (int k = 0; k < n; k++) {
        if (k > 0)
            put(c, "<hr>");
        assignment_cell_body(c, &c->plan->assignments[items[k]]);
    }
    if (changed) {
        put(c, "<span class=\"was\">was: ");
        describe_cell(c, c->before, a, d, t);
        put(c, "</span>");
    }
    put(c, "</td>");
}

static void grid_head(context *c, const char *corner)
{
    /* Fixed layout takes its widths from the columns: a narrow slot
     * column, the days sharing the rest. */
    put(c, "<table class=\"grid\"><colgroup><col class=\"slots\">");
    for (int d = 0; d < c->s->n_days; d++)
        put(c, "<col>");
    put(c, "</colgroup><thead><tr><th>");
    put(c, corner);
    put(c, "</th>");
    for (int d = 0; d < c->s->n_days; d++) {
        put(c, "<th>");
        esc(c, c->s->days[d].id);
        put(c, "</th>");
    }
    put(c, "</tr></thead><tbody>\n");
}

static void slot_head(context *c, int t)
{
    put(c, "<tr><th>");
    esc(c, c->s->slots[t].id);
    slot_time(c, &c->s->slots[t]);
    put(c, "</th>");
}

static void adult_grid(context *c, int a, int index)
{
    const tap_school *s = c->s;
    const tap_staff *adult = &s->staff[a];
    const tap_staff_figures *sf = &c->f->staff[a];
    tap_text_printf(c->t, "<article class=\"adult\" id=\"adult-%d\" data-staff=\"", index);
    esc(c, adult->id);
    put(c, "\">\n<h3>");
    esc(c, adult->id);
    put(c, " <span class=\"meta\">");
    put(c, role_text(adult->role));
    put(c, adult->optional ? ", hired" : "");
    put(c, "</span></h3>\n<p class=\"facts\">");
    if (s->name) {
        esc(c, s->name);
        put(c, " · ");
    }
    hours(c, sf->contract_hours);
    put(c, " h contract · ");
    hours(c, sf->contact_hours);
    tap_text_printf(c->t, " h with pupils or on duty · %d planning slot%s", sf->planning_slots,
                    sf->planning_slots == 1 ? "" : "s");
    if (adult->n_skills > 0) {
        put(c, " · skills: ");
        for (int k = 0; k < adult->n_skills; k++) {
            put(c, k ? ", " : "");
            esc(c, s->skills[adult->skills[k]].id);
        }
    }
    put(c, "</p>\n");
    grid_head(c, "Slot");
    for (int t = 0; t < s->n_slots; t++) {
        slot_head(c, t);
        for (int d = 0; d < s->n_days; d++)
            adult_cell(c, a, d, t);
        put(c, "</tr>\n");
    }
    put(c, "</tbody></table>\n</article>\n");
}

static void adults_section(context *c)
{
    const tap_school *s = c->s;
    put(c, "<section id=\"adults\" class=\"adults\">\n<h2>Each adult's week</h2>\n");
    int index = 0;
    for (int a = 0; a < s->n_staff; a++)
        if (c->f->staff[a].employed)
            adult_grid(c, a, index++);
    int n_not_hired = 0;
    for (int a = 0; a < s->n_staff; a++) {
        if (c->f->staff[a].employed)
            continue;
        put(c, n_not_hired++ ? ", " : "<p class=\"note\">Possible hires this plan does not take: ");
        esc(c, s->staff[a].id);
    }
    if (n_not_hired)
        put(c, ".</p>\n");
    put(c, "</section>\n");
}

/* ------------------------------------------------------------------ */
/* Groups                                                             */
/* ------------------------------------------------------------------ */

static bool group_cell_changed(context *c, int g, int d, int t)
{
    const tap_week *weeks[2] = {c->week, c->before};
    for (int k = 0; k < 2; k++) {
        int n = 0;
        const tap_week_item *items = tap_week_group_at(weeks[k], g, d, t, &n);
        for (int i = 0; i < n; i++) {
            const tap_assignment *a = &weeks[k]->plan->assignments[items[i].assignment];
            if (!tap_week_same_cell(c->week, c->before, a->staff, a->day, a->slot))
                return true;
        }
    }
    return false;
}

static void group_cell(context *c, int g, int d, int t)
{
    const tap_school *s = c->s;
    int lesson = tap_week_lesson_at(c->week, g, d, t);
    int n = 0;
    const tap_week_item *items = tap_week_group_at(c->week, g, d, t, &n);
    bool has_adult = false;
    for (int k = 0; k < n; k++)
        has_adult |= items[k].pupil < 0;
    bool changed = c->before && group_cell_changed(c, g, d, t);
    const char *kind = has_adult ? "in_class" : n > 0 ? "intervention" : lesson >= 0 ? "lesson" : "none";
    tap_text_printf(c->t, "<td class=\"%s%s\">", kind, changed ? " changed" : "");
    if (lesson >= 0) {
        put(c, "<span class=\"what\">");
        esc(c, s->subjects[s->lessons[lesson].subject].id);
        put(c, "</span>");
    } else if (n == 0) {
        put(c, "–");
    }
    for (int k = 0; k < n; k++) {
        const tap_assignment *a = &c->plan->assignments[items[k].assignment];
        if (items[k].pupil < 0) {
            put(c, "<br>");
            if (lesson < 0) { /* a lesson the outline knows only from this assignment */
                put(c, "<span class=\"what\">");
                esc(c, s->subjects[a->subject].id);
                put(c, "</span> ");
            }
            esc(c, s->staff[a->staff].id);
            if (a->n_pupils > 0) {
                put(c, " with ");
                pupil_list(c, s, a->pupils, a->n_pupils);
            }
        } else {
            put(c, "<span class=\"from\">");
            pupil_label(c, s, items[k].pupil);
            put(c, " out: ");
            esc(c, s->programmes[a->programme].id);
            put(c, " with ");
            esc(c, s->staff[a->staff].id);
            put(c, "</span>");
        }
    }
    put(c, "</td>");
}

/* Does an adult work in the group's lessons, in this plan or the one before? */
static bool group_has_support(context *c, int g)
{
    const tap_week *weeks[2] = {c->week, c->before};
    for (int k = 0; k < 2; k++)
        for (int d = 0; weeks[k] && d < c->s->n_days; d++)
            for (int t = 0; t < c->s->n_slots; t++) {
                int n = 0;
                tap_week_group_at(weeks[k], g, d, t, &n);
                if (n > 0)
                    return true;
            }
    return false;
}

static void groups_section(context *c)
{
    const tap_school *s = c->s;
    put(c, "<section id=\"groups\" class=\"groups\">\n<h2>Each teaching group's week</h2>\n");
    int index = 0, n_quiet = 0;
    for (int g = 0; g < s->n_groups; g++) {
        if (!group_has_support(c, g)) {
            n_quiet++;
            continue;
        }
        tap_text_printf(c->t, "<article class=\"group\" id=\"group-%d\" data-group=\"", index++);
        esc(c, s->groups[g].id);
        put(c, "\">\n<h3>");
        esc(c, s->groups[g].id);
        put(c, "</h3>\n");
        grid_head(c, "Lesson");
        for (int t = 0; t < s->n_slots; t++) {
            if (s->slots[t].kind != TAP_SLOT_LESSON)
                continue;
            slot_head(c, t);
            for (int d = 0; d < s->n_days; d++)
                group_cell(c, g, d, t);
            put(c, "</tr>\n");
        }
        put(c, "</tbody></table>\n</article>\n");
    }
    if (n_quiet > 0) {
        put(c, "<p class=\"note\">No adult works in the lessons of: ");
        int k = 0;
        for (int g = 0; g < s->n_groups; g++) {
            if (group_has_support(c, g))
                continue;
            put(c, k++ ? ", " : "");
            esc(c, s->groups[g].id);
        }
        put(c, ".</p>\n");
    }
    put(c, "</section>\n");
}

/* ------------------------------------------------------------------ */
/* Pupils: the provision map                                          */
/* ------------------------------------------------------------------ */

static const char *const need_names[] = {"communication and interaction", "cognition and learning",
                                         "social, emotional and mental health", "sensory and physical"};

/* The entitled and delivered cells of one provision row, and a bar. */
static void provision_cells(context *c, const char *name, double entitled, double delivered, const char *unit)
{
    char key[64];
    snprintf(key, sizeof key, "%s_entitled", name);
    figure_cell(c, key, entitled, unit, NULL);
    snprintf(key, sizeof key, "%s_delivered", name);
    figure_cell(c, key, delivered, unit, delivered + 1e-6 < entitled ? "short" : NULL);
    put(c, "<td><span class=\"bar\"><span style=\"width:");
    tap_text_number(c->t, entitled > 0 ? 100.0 * (delivered < entitled ? delivered : entitled) / entitled : 100.0, 1);
    put(c, "%\"></span></span></td></tr>\n");
}

static void pupil_facts(context *c, int p)
{
    const tap_school *s = c->s;
    const tap_pupil *pupil = &s->pupils[p];
    put(c, "<p class=\"facts\">");
    bool any = false;
    if (pupil->needs) {
        put(c, "Needs: ");
        for (int k = 0, n = 0; k < 4; k++)
            if (pupil->needs >> k & 1u) {
                put(c, n++ ? ", " : "");
                put(c, need_names[k]);
            }
        any = true;
    }
    if (pupil->n_groups > 0) {
        put(c, any ? " · " : "");
        put(c, pupil->n_groups == 1 ? "Group: " : "Groups: ");
        for (int k = 0; k < pupil->n_groups; k++) {
            put(c, k ? ", " : "");
            esc(c, s->groups[pupil->groups[k]].id);
        }
        any = true;
    }
    if (!c->r->outline && pupil->in_class_hours > 0) {
        put(c, any ? " · " : "");
        if (pupil->ratio == 1)
            put(c, "one to one in class");
        else
            tap_text_printf(c->t, "in class with up to %d pupils to an adult", pupil->ratio);
        for (int k = 0; k < pupil->n_support_subjects; k++) {
            put(c, k ? ", " : " in ");
            esc(c, s->subjects[pupil->support_subjects[k]].id);
        }
        any = true;
    }
    if (pupil->n_skills > 0) {
        put(c, any ? " · " : "");
        put(c, "adults need: ");
        for (int k = 0; k < pupil->n_skills; k++) {
            put(c, k ? ", " : "");
            esc(c, s->skills[pupil->skills[k]].id);
        }
    }
    put(c, "</p>\n");
}

/* How the pupil's strengths fared: the record a review asks for. */
static void strengths_line(context *c, int p)
{
    const tap_school *s = c->s;
    const tap_pupil *pupil = &s->pupils[p];
    const tap_pupil_figures *pf = &c->f->pupils[p];
    put(c, "<p class=\"strengths\">");
    if (c->r->outline) {
        tap_text_printf(c->t, "Withdrawals from strength subjects: <span data-figure=\"strength_withdrawals\" "
                              "data-value=\"%d\">%d</span> (strengths are in the school file).</p>\n",
                        pf->strength_withdrawals, pf->strength_withdrawals);
        return;
    }
    if (pupil->n_strengths == 0) {
        put(c, "No strength subjects are recorded.</p>\n");
        return;
    }
    put(c, "Strengths: ");
    for (int k = 0; k < pupil->n_strengths; k++) {
        put(c, k ? ", " : "");
        esc(c, s->subjects[pupil->strengths[k]].id);
    }
    if (pf->strength_withdrawals == 0)
        put(c, " – <span class=\"ok\" data-figure=\"strength_withdrawals\" data-value=\"0\">protected: never "
               "withdrawn from them</span>.");
    else
        tap_text_printf(c->t, " – <span class=\"short\" data-figure=\"strength_withdrawals\" data-value=\"%d\">"
                              "withdrawn from them %d time%s</span>.",
                        pf->strength_withdrawals, pf->strength_withdrawals, pf->strength_withdrawals == 1 ? "" : "s");
    put(c, "</p>\n");
}

/* One slot of a pupil's support; counts the withdrawals it makes. */
static void pupil_week_row(context *c, int p, const tap_assignment *a, int *n_withdrawn)
{
    const tap_school *s = c->s;
    int d = a->day;
    put(c, "<tr><td>");
    esc(c, s->days[d].id);
    put(c, "</td><td>");
    esc(c, s->slots[a->slot].id);
    put(c, "</td><td>");
    switch (a->activity) {
    case TAP_ACT_IN_CLASS:
        put(c, "in class: ");
        esc(c, s->subjects[a->subject].id);
        put(c, " (");
        esc(c, s->groups[a->group].id);
        put(c, ")");
        if (!c->r->outline && !tap_pupil_counts_subject(&s->pupils[p], a->subject))
            put(c, " – not a subject the plan counts");
        break;
    case TAP_ACT_INTERVENTION:
        esc(c, s->programmes[a->programme].id);
        put(c, " session");
        for (int w = 0; w < a->n_withdrawn; w++)
            if (a->withdrawn[w].pupil == p) {
                put(c, ", out of ");
                esc(c, s->subjects[a->withdrawn[w].subject].id);
                (*n_withdrawn)++;
            }
        break;
    case TAP_ACT_UNSTRUCTURED: put(c, "unstructured time"); break;
    case TAP_ACT_PLANNING: put(c, "planning"); break;
    }
    put(c, "</td><td>");
    esc(c, s->staff[a->staff].id);
    put(c, "</td></tr>\n");
}

/* Every slot of the pupil's support, and the withdrawals by subject. */
static void pupil_week(context *c, int p)
{
    const tap_school *s = c->s;
    int n = 0;
    const int *items = tap_week_pupil(c->week, p, &n);
    if (n == 0) {
        put(c, "<p class=\"short\">No support is planned this week.</p>\n");
        return;
    }
    int n_withdrawn = 0;
    put(c, "<table class=\"figures when\"><thead><tr><th>Day</th><th>Slot</th><th>Support</th><th>Adult</th></tr>"
           "</thead><tbody>\n");
    /* In time order; a pupil has only a few dozen entries a week. */
    for (int d = 0; d < s->n_days; d++)
        for (int t = 0; t < s->n_slots; t++)
            for (int k = 0; k < n; k++) {
                const tap_assignment *a = &c->plan->assignments[items[k]];
                if (a->day == d && a->slot == t)
                    pupil_week_row(c, p, a, &n_withdrawn);
            }
    put(c, "</tbody></table>\n");
    if (n_withdrawn == 0) {
        put(c, "<p class=\"withdrawals\">Never withdrawn from a lesson.</p>\n");
        return;
    }
    /* By subject, in the school's subject order. */
    tap_text_printf(c->t, "<p class=\"withdrawals\">Withdrawn <span data-figure=\"withdrawals\" data-value=\"%d\">"
                          "%d time%s</span>: ",
                    n_withdrawn, n_withdrawn, n_withdrawn == 1 ? "" : "s");
    int listed = 0;
    for (int subject = 0; subject < s->n_subjects; subject++) {
        int times = 0;
        for (int k = 0; k < n; k++) {
            const tap_assignment *a = &c->plan->assignments[items[k]];
            for (int w = 0; a->activity == TAP_ACT_INTERVENTION && w < a->n_withdrawn; w++)
                times += a->withdrawn[w].pupil == p && a->withdrawn[w].subject == subject;
        }
        if (!times)
            continue;
        put(c, listed++ ? ", " : "");
        esc(c, s->subjects[subject].id);
        tap_text_printf(c->t, " %d", times);
    }
    if (!c->r->outline)
        tap_text_printf(c->t, " (at most %d a subject).", s->policy.max_withdrawals_per_subject);
    put(c, "</p>\n");
}

static void pupil_map(context *c, int p, int index)
{
    const tap_school *s = c->s;
    const tap_pupil *pupil = &s->pupils[p];
    const tap_pupil_figures *pf = &c->f->pupils[p];
    tap_text_printf(c->t, "<article class=\"pupil\" id=\"pupil-%d\" data-pupil=\"", index);
    esc(c, pupil->id);
    put(c, "\">\n<h3>");
    pupil_label(c, s, p);
    if (!c->r->pseudonymise && pupil->name && *pupil->name) {
        put(c, " <span class=\"meta\">");
        esc(c, pupil->id);
        put(c, "</span>");
    }
    put(c, " <span class=\"meta\">· ");
    put(c, plan_kind_text(pupil->plan));
    put(c, "</span></h3>\n");
    pupil_facts(c, p);
    put(c, "<table class=\"figures provision\"><thead><tr><th></th><th>Entitled</th><th>Delivered</th><th></th>"
           "</tr></thead><tbody>\n");
    put(c, "<tr><th>In-class support</th>");
    provision_cells(c, "in_class", pf->in_class_entitled, pf->in_class_delivered, " h");
    for (int n = 0; n < pf->n_interventions && n < pupil->n_interventions; n++) {
        char name[64];
        snprintf(name, sizeof name, "sessions_%d", n);
        put(c, "<tr><th>");
        esc(c, s->programmes[pupil->interventions[n].programme].id);
        put(c, " sessions</th>");
        provision_cells(c, name, pf->interventions[n].entitled, pf->interventions[n].delivered, "");
    }
    if (pf->unstructured_needed > 0 || pf->unstructured_covered > 0) {
        put(c, "<tr><th>Unstructured time</th>");
        provision_cells(c, "unstructured", pf->unstructured_needed, pf->unstructured_covered, " h");
    }
    put(c, "<tr><th>Shortfall</th>");
    figure_cell(c, "shortfall_hours", pf->shortfall_hours, " h", pf->shortfall_hours > 1e-6 ? "short" : "ok");
    put(c, "<td colspan=\"2\">");
    const char *reason = c->plan->pupil_reasons && p < c->plan->n_pupil_reasons ? c->plan->pupil_reasons[p] : NULL;
    if (pf->shortfall_hours > 1e-6)
        esc(c, reason ? reason : "capacity is used elsewhere");
    put(c, "</td></tr>\n</tbody></table>\n");

    tap_text_printf(c->t, "<p class=\"adults\">Adults seen: <span data-figure=\"adults\" data-value=\"%d\">",
                    pf->n_adults);
    for (int k = 0; k < pf->n_adults; k++) {
        put(c, k ? ", " : "");
        esc(c, s->staff[pf->adults[k]].id);
    }
    put(c, pf->n_adults ? "" : "none");
    put(c, "</span>");
    if (!c->r->outline)
        tap_text_printf(c->t, " (at most %d)", s->policy.max_adults_per_pupil);
    put(c, ".</p>\n");
    strengths_line(c, p);
    pupil_week(c, p);
    put(c, "</article>\n");
}

static void pupils_section(context *c)
{
    put(c, "<section id=\"pupils\" class=\"pupils\">\n<h2>Provision map: each pupil's support</h2>\n");
    int index = 0;
    for (int pass = 0; pass < 2; pass++)
        for (int p = 0; p < c->s->n_pupils; p++)
            if (c->f->pupils[p].listed && (c->s->pupils[p].plan == TAP_PLAN_EHCP) == (pass == 0))
                pupil_map(c, p, index++);
    if (index == 0)
        put(c, "<p class=\"note\">No pupil has a plan.</p>\n");
    put(c, "</section>\n");
}

/* ------------------------------------------------------------------ */
/* Replan: the cover sheet                                            */
/* ------------------------------------------------------------------ */

static void changes_section(context *c)
{
    const tap_school *s = c->s;
    int n_changed = 0, n_adults = 0;
    for (int a = 0; a < s->n_staff; a++) {
        int mine = 0;
        for (int d = 0; d < s->n_days; d++)
            for (int t = 0; t < s->n_slots; t++)
                mine += !tap_week_same_cell(c->week, c->before, a, d, t);
        n_changed += mine;
        n_adults += mine > 0;
    }
    put(c, "<section id=\"changes\" class=\"changes\">\n<h2>Cover sheet: what changed</h2>\n");
    tap_text_printf(c->t, "<p class=\"lead\"><span data-figure=\"changed_slots\" data-value=\"%d\">%d slot%s</span> "
                          "changed for %d adult%s.",
                    n_changed, n_changed, n_changed == 1 ? "" : "s", n_adults, n_adults == 1 ? "" : "s");
    if (c->r->previous_figures) {
        const tap_summary *was = &c->r->previous_figures->summary, *now = &c->f->summary;
        put(c, " Statutory shortfall ");
        hours(c, was->statutory_shortfall_hours);
        put(c, " h before, ");
        hours(c, now->statutory_shortfall_hours);
        put(c, " h now; SEN-support shortfall ");
        hours(c, was->sen_support_shortfall_hours);
        put(c, " h before, ");
        hours(c, now->sen_support_shortfall_hours);
        put(c, " h now.");
    }
    put(c, " Changed slots are outlined in red on the grids below.</p>\n");
    if (n_changed > 0) {
        put(c, "<table class=\"figures changes\"><thead><tr><th>Day</th><th>Slot</th><th>Adult</th><th>Was</th>"
               "<th>Now</th></tr></thead><tbody>\n");
        for (int d = 0; d < s->n_days; d++)
            for (int t = 0; t < s->n_slots; t++)
                for (int a = 0; a < s->n_staff; a++) {
                    if (tap_week_same_cell(c->week, c->before, a, d, t))
                        continue;
                    put(c, "<tr class=\"change\"><td>");
                    esc(c, s->days[d].id);
                    put(c, "</td><td>");
                    esc(c, s->slots[t].id);
                    put(c, "</td><td>");
                    esc(c, s->staff[a].id);
                    put(c, "</td><td>");
                    describe_cell(c, c->before, a, d, t);
                    put(c, "</td><td>");
                    describe_cell(c, c->week, a, d, t);
                    put(c, "</td></tr>\n");
                }
        put(c, "</tbody></table>\n");
    }
    /* Pupils who see different adults: families and staff are told. */
    const tap_figures *was = c->r->previous_figures;
    if (was) {
        int n_listed = 0;
        for (int p = 0; p < s->n_pupils; p++) {
            const tap_pupil_figures *before = &was->pupils[p], *now = &c->f->pupils[p];
            bool same = before->n_adults == now->n_adults;
            for (int k = 0; same && k < now->n_adults; k++)
                same = before->adults[k] == now->adults[k];
            if (same || !now->listed)
                continue;
            put(c, n_listed++ ? "</li><li>" : "<h3>Pupils who see different adults</h3>\n<ul class=\"moved\"><li>");
            pupil_label(c, s, p);
            put(c, ": ");
            for (int k = 0; k < now->n_adults; k++) {
                put(c, k ? ", " : "");
                esc(c, s->staff[now->adults[k]].id);
            }
            put(c, now->n_adults ? "" : "nobody");
            put(c, " (was ");
            for (int k = 0; k < before->n_adults; k++) {
                put(c, k ? ", " : "");
                esc(c, s->staff[before->adults[k]].id);
            }
            put(c, before->n_adults ? "" : "nobody");
            put(c, ")");
        }
        if (n_listed)
            put(c, "</li></ul>\n");
    }
    put(c, "</section>\n");
}

/* ------------------------------------------------------------------ */
/* Options side by side                                               */
/* ------------------------------------------------------------------ */

typedef struct {
    double weekly_cost, annual_cost, statutory, sen, funded, reaching, unallocated, per_hour, sen_delivered;
    int n_statutory_short, strength_withdrawals, worst_pupil;
    double worst_share; /* the worst-served SEN-support pupil's share of entitlement missed */
    bool has_plan;
} option_figures;

static option_figures option_figures_of(const tap_report_option *o)
{
    option_figures x = {0};
    const tap_school *s = o->school;
    const tap_summary *sum = &o->figures->summary;
    x.has_plan = tap_plan_found(o->plan);
    x.weekly_cost = sum->weekly_cost;
    x.annual_cost = sum->annual_cost;
    x.statutory = sum->statutory_shortfall_hours;
    x.sen = sum->sen_support_shortfall_hours;
    x.funded = sum->funded_hours;
    x.reaching = sum->hours_reaching_pupils;
    x.unallocated = sum->unallocated_hours;
    x.per_hour = sum->hours_reaching_pupils > 1e-9 ? sum->weekly_cost / sum->hours_reaching_pupils : NAN;
    x.strength_withdrawals = sum->strength_withdrawals;
    x.worst_pupil = -1;
    for (int p = 0; p < s->n_pupils; p++) {
        const tap_pupil_figures *pf = &o->figures->pupils[p];
        if (!pf->listed)
            continue;
        if (s->pupils[p].plan == TAP_PLAN_EHCP) {
            x.n_statutory_short += pf->shortfall_hours > 1e-6;
            continue;
        }
        double sessions = 0;
        for (int n = 0; n < pf->n_interventions; n++)
            sessions += pf->interventions[n].entitled;
        double entitled = pf->in_class_entitled + sessions * s->mean_lesson_hours + pf->unstructured_needed;
        x.sen_delivered += entitled - pf->shortfall_hours;
        double share = entitled > 0 ? pf->shortfall_hours / entitled : 0;
        if (pf->shortfall_hours > 1e-6 && (x.worst_pupil < 0 || share > x.worst_share + 1e-12)) {
            x.worst_pupil = p;
            x.worst_share = share;
        }
    }
    return x;
}

/* One row of the comparison: the value per option, the best marked. */
static void compare_row(context *c, const char *label, const char *name, const double *values, int n, bool lower_better,
                        bool is_money)
{
    double best = NAN;
    for (int k = 0; k < n; k++)
        if (isfinite(values[k]) && (!isfinite(best) || (lower_better ? values[k] < best : values[k] > best)))
            best = values[k];
    int n_best = 0;
    for (int k = 0; k < n; k++)
        n_best += isfinite(values[k]) && fabs(values[k] - best) < 1e-6;
    put(c, "<tr><th>");
    put(c, label);
    put(c, "</th>");
    for (int k = 0; k < n; k++) {
        bool is_best = n_best < n && isfinite(values[k]) && fabs(values[k] - best) < 1e-6;
        tap_text_printf(c->t, "<td class=\"num%s\" data-figure=\"%s\" data-value=\"", is_best ? " best" : "", name);
        tap_text_number(c->t, values[k], 6);
        put(c, "\">");
        if (!isfinite(values[k]))
            put(c, "–");
        else if (is_money)
            money(c, values[k]);
        else
            hours(c, values[k]);
        put(c, "</td>");
    }
    put(c, "</tr>\n");
}

static void options_chart(context *c, const option_figures *x, int n)
{
    frame f = {0, 0, 0, 0, 70, 12, 600, 260};
    f.x0 = INFINITY, f.x1 = -INFINITY;
    for (int k = 0; k < n; k++) {
        f.x0 = fmin(f.x0, x[k].weekly_cost), f.x1 = fmax(f.x1, x[k].weekly_cost);
        f.y1 = fmax(f.y1, fmax(x[k].statutory, x[k].sen));
    }
    double pad = (f.x1 - f.x0) * 0.1 + 1;
    f.x0 = fmax(0, f.x0 - pad), f.x1 += pad;
    if (f.y1 <= 0)
        f.y1 = 1;
    put(c, "<figure class=\"chart\"><svg class=\"options\" viewBox=\"0 0 700 320\" width=\"700\" height=\"320\" "
           "role=\"img\" aria-label=\"Weekly cost against shortfall, per option\">");
    axes(c, &f, "weekly cost", "shortfall (h a week)");
    for (int k = 0; k < n; k++) {
        double px = fx(&f, x[k].weekly_cost);
        tap_text_printf(c->t, "<line x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\" style=\"stroke:#8a94a3;"
                              "stroke-dasharray:2 2\"/>",
                        px, fy(&f, x[k].statutory), px, fy(&f, x[k].sen));
        tap_text_printf(c->t, "<circle class=\"statutory\" cx=\"%.1f\" cy=\"%.1f\" r=\"6\" style=\"fill:var(--ehcp)\">"
                              "<title>",
                        px, fy(&f, x[k].statutory));
        esc(c, c->r->options[k].name);
        put(c, ": statutory shortfall ");
        hours(c, x[k].statutory);
        tap_text_printf(c->t, " h</title></circle><rect class=\"sen\" x=\"%.1f\" y=\"%.1f\" width=\"10\" height=\"10\" "
                              "style=\"fill:#fff;stroke:var(--sen);stroke-width:2\"><title>",
                        px - 5, fy(&f, x[k].sen) - 5);
        esc(c, c->r->options[k].name);
        put(c, ": SEN-support shortfall ");
        hours(c, x[k].sen);
        /* Options at the same point get their names one under another. */
        int below = 0;
        for (int j = 0; j < k; j++)
            below += fabs(fx(&f, x[j].weekly_cost) - px) < 80 && fabs(x[j].statutory - x[k].statutory) < 1e-9;
        tap_text_printf(c->t, " h</title></rect><text x=\"%.1f\" y=\"%.1f\">", px + 9,
                        fy(&f, x[k].statutory) - 8 + 15.0 * below);
        esc(c, c->r->options[k].name);
        put(c, "</text>");
    }
    put(c, "</svg><figcaption class=\"legend\"><span><span class=\"swatch\" style=\"background:var(--ehcp);"
           "border-radius:50%\"></span>statutory shortfall</span><span><span class=\"swatch\" "
           "style=\"border:2px solid var(--sen)\"></span>SEN-support shortfall</span></figcaption></figure>\n");
}

static void frontier_section(context *c)
{
    const tap_report *r = c->r;
    frame f = {INFINITY, -INFINITY, 0, 0, 70, 12, 600, 260};
    for (int k = 0; k < r->n_frontier; k++) {
        const tap_report_point *pt = &r->frontier[k];
        f.x0 = fmin(f.x0, pt->weekly_budget), f.x1 = fmax(f.x1, pt->weekly_budget);
        if (pt->has_plan)
            f.y1 = fmax(f.y1, fmax(pt->statutory_shortfall_hours, pt->sen_support_shortfall_hours));
    }
    if (f.y1 <= 0)
        f.y1 = 1;
    put(c, "<h3>Budget sweep: the least that meets every EHC plan</h3>\n<figure class=\"chart\"><svg class=\"frontier\" "
           "viewBox=\"0 0 700 320\" width=\"700\" height=\"320\" role=\"img\" aria-label=\"Weekly budget against "
           "shortfall\">");
    axes(c, &f, "weekly budget", "shortfall (h a week)");
    static const char *const styles[] = {"stroke:var(--ehcp);stroke-width:2.5",
                                         "stroke:var(--sen);stroke-width:2.5;stroke-dasharray:6 4"};
    for (int series = 0; series < 2; series++) {
        tap_text_printf(c->t, "<polyline style=\"fill:none;%s\" points=\"", styles[series]);
        for (int k = 0; k < r->n_frontier; k++) {
            const tap_report_point *pt = &r->frontier[k];
            if (!pt->has_plan)
                continue;
            double y = series == 0 ? pt->statutory_shortfall_hours : pt->sen_support_shortfall_hours;
            tap_text_printf(c->t, "%.1f,%.1f ", fx(&f, pt->weekly_budget), fy(&f, y));
        }
        put(c, "\"/>");
    }
    for (int k = 0; k < r->n_frontier; k++) {
        const tap_report_point *pt = &r->frontier[k];
        if (pt->has_plan)
            tap_text_printf(c->t, "<circle cx=\"%.1f\" cy=\"%.1f\" r=\"4\" style=\"fill:var(--ehcp)\"/>",
                            fx(&f, pt->weekly_budget), fy(&f, pt->statutory_shortfall_hours));
        else
            tap_text_printf(c->t, "<text x=\"%.1f\" y=\"%.1f\" text-anchor=\"middle\" style=\"fill:var(--short)\">×"
                                  "</text>",
                            fx(&f, pt->weekly_budget), f.top + f.height - 4);
    }
    put(c, "</svg><figcaption class=\"legend\"><span><span class=\"swatch\" style=\"background:var(--ehcp)\">"
           "</span>statutory shortfall</span><span><span class=\"swatch\" style=\"background:var(--sen)\"></span>"
           "SEN-support shortfall</span><span style=\"color:var(--short)\">× no plan within the budget</span>"
           "</figcaption></figure>\n");
    put(c, "<table class=\"figures frontier\"><thead><tr><th>Budget a week</th><th>Cost a week</th><th>Statutory "
           "shortfall</th><th>SEN-support shortfall</th><th>Hires</th></tr></thead><tbody>\n");
    for (int k = 0; k < r->n_frontier; k++) {
        const tap_report_point *pt = &r->frontier[k];
        put(c, "<tr><td class=\"num\">");
        money(c, pt->weekly_budget);
        put(c, "</td>");
        if (!pt->has_plan) {
            put(c, "<td colspan=\"4\">no plan within this budget</td></tr>\n");
            continue;
        }
        put(c, "<td class=\"num\">");
        money(c, pt->weekly_cost);
        put(c, "</td>");
        figure_cell(c, "statutory_shortfall_hours", pt->statutory_shortfall_hours, " h",
                    pt->statutory_shortfall_hours > 1e-6 ? "short" : "ok");
        figure_cell(c, "sen_support_shortfall_hours", pt->sen_support_shortfall_hours, " h", NULL);
        put(c, "<td>");
        esc(c, pt->hires && *pt->hires ? pt->hires : "none");
        put(c, "</td></tr>\n");
    }
    put(c, "</tbody></table>\n");
}

static tap_status options_section(context *c)
{
    const tap_report *r = c->r;
    int n = r->n_options;
    if (n <= 0) { /* a budget sweep where no budget gives a plan */
        put(c, "<section id=\"options\" class=\"options\">\n<h2>The options side by side</h2>\n"
               "<p class=\"warning\">No budget in the sweep gives a plan.</p>\n");
        frontier_section(c);
        put(c, "</section>\n");
        return TAP_OK;
    }
    option_figures *x = calloc((size_t)n + 1, sizeof *x);
    double *values = calloc((size_t)n + 1, sizeof *values);
    if (!x || !values) {
        free(x), free(values);
        return TAP_ENOMEM;
    }
    for (int k = 0; k < n; k++)
        x[k] = option_figures_of(&r->options[k]);
    put(c, "<section id=\"options\" class=\"options\">\n<h2>The options side by side</h2>\n"
           "<table class=\"figures compare\"><thead><tr><th></th>");
    for (int k = 0; k < n; k++) {
        put(c, "<th>");
        esc(c, r->options[k].name);
        put(c, "</th>");
    }
    put(c, "</tr></thead><tbody>\n<tr><th>Plan</th>");
    for (int k = 0; k < n; k++) {
        put(c, "<td>");
        put(c, tap_plan_status_name(r->options[k].plan->status));
        if (r->options[k].plan->status == TAP_STATUS_FEASIBLE && isfinite(r->options[k].plan->gap))
            put_gap(c, r->options[k].plan->gap);
        put(c, "</td>");
    }
    put(c, "</tr>\n");
#define ROW(label, name, field, lower, is_money)                                                                       \
    do {                                                                                                               \
        for (int k = 0; k < n; k++)                                                                                    \
            values[k] = (double)x[k].field;                                                                            \
        compare_row(c, label, name, values, n, lower, is_money);                                                       \
    } while (0)
    ROW("Cost a week", "weekly_cost", weekly_cost, true, true);
    ROW("Cost a year", "annual_cost", annual_cost, true, true);
    ROW("Statutory shortfall (h)", "statutory_shortfall_hours", statutory, true, false);
    ROW("Pupils with an EHC plan short", "statutory_pupils_short", n_statutory_short, true, false);
    ROW("SEN-support shortfall (h)", "sen_support_shortfall_hours", sen, true, false);
    ROW("SEN-support hours delivered", "sen_support_delivered_hours", sen_delivered, false, false);
    ROW("Hours funded", "funded_hours", funded, false, false);
    ROW("Hours reaching pupils", "hours_reaching_pupils", reaching, false, false);
    ROW("Hours unallocated", "unallocated_hours", unallocated, true, false);
    ROW("Cost per hour reaching pupils", "cost_per_hour", per_hour, true, true);
    ROW("Withdrawals from strengths", "strength_withdrawals", strength_withdrawals, true, false);
#undef ROW
    put(c, "<tr><th>Worst-served pupil on SEN support</th>");
    for (int k = 0; k < n; k++) {
        put(c, "<td>");
        if (x[k].worst_pupil < 0) {
            put(c, "none short");
        } else {
            pupil_label(c, r->options[k].school, x[k].worst_pupil);
            put(c, ", ");
            tap_text_number(c->t, 100.0 * x[k].worst_share, 0);
            put(c, "% short");
        }
        put(c, "</td>");
    }
    put(c, "</tr>\n<tr><th>Hires</th>");
    for (int k = 0; k < n; k++) {
        const tap_school *s = r->options[k].school;
        put(c, "<td>");
        int n_hires = 0;
        for (int a = 0; a < s->n_staff; a++)
            if (s->staff[a].optional && r->options[k].figures->staff[a].employed) {
                put(c, n_hires++ ? ", " : "");
                esc(c, s->staff[a].id);
            }
        put(c, n_hires ? "" : "none");
        put(c, "</td>");
    }
    put(c, "</tr>\n</tbody></table>\n<p class=\"note\">★ marks the best option in each row.</p>\n");
    options_chart(c, x, n);
    if (r->n_frontier > 0)
        frontier_section(c);
    put(c, "</section>\n");
    free(x), free(values);
    return TAP_OK;
}

/* ------------------------------------------------------------------ */
/* Putting it together                                                */
/* ------------------------------------------------------------------ */

static void navigation(context *c, bool has_plan)
{
    put(c, "<nav><ul>");
    if ((c->r->n_options > 0 || c->r->n_frontier > 0) && wants(c, TAP_REPORT_OPTIONS))
        put(c, "<li><a href=\"#options\">Options</a></li>");
    if (has_plan && c->before && wants(c, TAP_REPORT_CHANGES))
        put(c, "<li><a href=\"#changes\">What changed</a></li>");
    if (has_plan && wants(c, TAP_REPORT_SUMMARY))
        put(c, "<li><a href=\"#summary\">Where the hours land</a></li>");
    if (has_plan && wants(c, TAP_REPORT_ADULTS))
        put(c, "<li><a href=\"#adults\">Adults</a></li>");
    if (has_plan && wants(c, TAP_REPORT_GROUPS))
        put(c, "<li><a href=\"#groups\">Groups</a></li>");
    if (has_plan && wants(c, TAP_REPORT_PUPILS))
        put(c, "<li><a href=\"#pupils\">Pupils</a></li>");
    put(c, "</ul></nav>\n");
}

static tap_status render(const tap_report *r, tap_text *t)
{
    context c = {r, r->school, r->plan, r->figures, NULL, NULL, t};
    tap_week *week = NULL, *before = NULL;
    tap_status status = TAP_OK;
    bool has_plan = r->school && r->plan && r->figures;
    if (has_plan && (status = tap_week_build(r->school, r->plan, &week)) != TAP_OK)
        return status;
    if (has_plan && r->previous && (status = tap_week_build(r->school, r->previous, &before)) != TAP_OK) {
        tap_week_destroy(&week);
        return status;
    }
    c.week = week;
    c.before = before;

    const char *title = r->title ? r->title : r->school && r->school->name ? r->school->name : "School";
    page_start(&c, title);
    put(&c, "<header>\n<h1>");
    esc(&c, title);
    put(&c, "</h1>\n");
    if (has_plan) {
        if (r->title && r->school->name) {
            put(&c, "<p class=\"meta\">");
            esc(&c, r->school->name);
            put(&c, "</p>\n");
        }
        status_line(&c, r->plan);
        verdict(&c);
        if (r->outline)
            put(&c, "<p class=\"note\">Made from the plan file alone: slot times, lessons without support, "
                    "strengths and names are in the school file (taplan report --school).</p>\n");
    }
    navigation(&c, has_plan);
    put(&c, "</header>\n");

    if ((r->n_options > 0 || r->n_frontier > 0) && wants(&c, TAP_REPORT_OPTIONS)) {
        status = options_section(&c);
        for (int k = 0; k < r->n_options && status == TAP_OK; k++) {
            const tap_report_option *o = &r->options[k];
            put(&c, "<section class=\"option\">\n<h2>");
            esc(&c, o->name);
            put(&c, "</h2>\n");
            status_line(&c, o->plan);
            status = summary_body(&c, o->school, o->plan, o->figures);
            put(&c, "</section>\n");
        }
    }
    if (status == TAP_OK && has_plan) {
        if (before && wants(&c, TAP_REPORT_CHANGES))
            changes_section(&c);
        if (wants(&c, TAP_REPORT_SUMMARY)) {
            put(&c, "<section id=\"summary\" class=\"summary\">\n<h2>Where every support hour lands</h2>\n");
            status = summary_body(&c, r->school, r->plan, r->figures);
            put(&c, "</section>\n");
        }
        if (status == TAP_OK && wants(&c, TAP_REPORT_ADULTS))
            adults_section(&c);
        if (status == TAP_OK && wants(&c, TAP_REPORT_GROUPS))
            groups_section(&c);
        if (status == TAP_OK && wants(&c, TAP_REPORT_PUPILS))
            pupils_section(&c);
    }
    page_end(&c);
    tap_week_destroy(&week);
    tap_week_destroy(&before);
    return status;
}

tap_status tap_report_render(const tap_report *report, char **out)
{
    *out = NULL;
    bool has_plan = report->school && report->plan && report->figures;
    /* A budget sweep where no level has a plan still has its frontier to
     * show: that no budget swept is enough is the answer. */
    if (!has_plan && report->n_options <= 0 && report->n_frontier <= 0)
        return TAP_EINPUT;
    for (int k = 0; k < report->n_options; k++)
        if (!report->options[k].school || !report->options[k].plan || !report->options[k].figures)
            return TAP_EINPUT;
    tap_text t = {0};
    tap_status status = render(report, &t);
    if (status != TAP_OK) {
        tap_text_free(&t);
        return status;
    }
    *out = tap_text_take(&t);
    return *out ? TAP_OK : TAP_ENOMEM;
}

tap_status tap_report_write(const tap_report *report, const char *path, tap_diags *diags)
{
    char *html = NULL;
    tap_status status = tap_report_render(report, &html);
    if (status == TAP_EINPUT)
        tap_diags_add(diags, (tap_pos){path, 0, 0}, "a report needs a plan or options to compare");
    if (status != TAP_OK)
        return status;
    status = tap_file_write_atomic(path, html, strlen(html), diags);
    free(html);
    return status;
}
