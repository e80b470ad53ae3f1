/* ics.c - the calendars of ics.h. Times are floating (local, no time
 * zone): a lesson at 08:50 is at 08:50 wherever the calendar is opened,
 * which is what a school timetable means, and no VTIMEZONE is needed. */
#include "ics.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/file.h"
#include "base/text.h"
#include "week.h"

/* ---- dates: days since 1970-01-01 in the proleptic Gregorian calendar ---- */

static long days_from_civil(int year, int month, int day)
{
    year -= month <= 2;
    long era = (year >= 0 ? year : year - 399) / 400;
    long year_of_era = year - era * 400;
    long day_of_year = (153L * (month + (month > 2 ? -3 : 9)) + 2) / 5 + day - 1;
    long day_of_era = year_of_era * 365 + year_of_era / 4 - year_of_era / 100 + day_of_year;
    return era * 146097 + day_of_era - 719468;
}

static void civil_from_days(long z, int *year, int *month, int *day)
{
    z += 719468;
    long era = (z >= 0 ? z : z - 146096) / 146097;
    long day_of_era = z - era * 146097;
    long year_of_era = (day_of_era - day_of_era / 1460 + day_of_era / 36524 - day_of_era / 146096) / 365;
    long day_of_year = day_of_era - (365 * year_of_era + year_of_era / 4 - year_of_era / 100);
    long mp = (5 * day_of_year + 2) / 153;
    *day = (int)(day_of_year - (153 * mp + 2) / 5 + 1);
    *month = (int)(mp < 10 ? mp + 3 : mp - 9);
    *year = (int)(year_of_era + era * 400 + (*month <= 2));
}

bool tap_ics_parse_date(const char *text, tap_ics_settings *settings)
{
    int year = 0, month = 0, day = 0;
    char tail = 0;
    if (strlen(text) != 10 || sscanf(text, "%4d-%2d-%2d%c", &year, &month, &day, &tail) != 3 || year < 1900 ||
        year > 9999 || month < 1 || month > 12 || day < 1 || day > 31)
        return false;
    int y = 0, m = 0, d = 0;
    civil_from_days(days_from_civil(year, month, day), &y, &m, &d);
    if (y != year || m != month || d != day) /* 2025-02-30 */
        return false;
    settings->year = year, settings->month = month, settings->day = day;
    return true;
}

/* ---- content lines: escaping and folding (RFC 5545 section 3.1) ---- */

typedef struct {
    tap_text *t;
    size_t line_octets; /* octets on the current physical line */
} writer;

/* Appends octets of one content line, folding before 75 octets and never
 * inside a UTF-8 sequence. */
static void raw(writer *w, const char *text, size_t n)
{
    for (size_t i = 0; i < n;) {
        size_t length = 1;
        unsigned char lead = (unsigned char)text[i];
        if (lead >= 0xF0)
            length = 4;
        else if (lead >= 0xE0)
            length = 3;
        else if (lead >= 0xC0)
            length = 2;
        if (i + length > n)
            length = n - i;
        if (w->line_octets + length > 75) {
            tap_text_put(w->t, "\r\n ");
            w->line_octets = 1;
        }
        tap_text_putn(w->t, text + i, length);
        w->line_octets += length;
        i += length;
    }
}

static void put(writer *w, const char *text)
{
    raw(w, text, strlen(text));
}

/* TEXT value escaping: backslash, semicolon, comma, newline. */
static void value(writer *w, const char *text)
{
    for (const char *p = text; *p; p++) {
        switch (*p) {
        case '\\': put(w, "\\\\"); break;
        case ';': put(w, "\\;"); break;
        case ',': put(w, "\\,"); break;
        case '\n': put(w, "\\n"); break;
        case '\r': break;
        default:
            if ((unsigned char)*p < 0x20)
                put(w, " "); /* control characters are not allowed in TEXT */
            else
                raw(w, p, 1);
        }
    }
}

static void end_line(writer *w)
{
    tap_text_put(w->t, "\r\n");
    w->line_octets = 0;
}

static void line(writer *w, const char *name, const char *text)
{
    put(w, name);
    put(w, ":");
    value(w, text);
    end_line(w);
}

/* ---- events ---- */

/* The weekday of each school day, 0 = Monday. */
static void day_weekdays(const tap_school *s, int *weekday)
{
    bool named = true;
    for (int d = 0; d < s->n_days; d++)
        named &= tap_day_weekday(s->days[d].id) >= 0;
    for (int d = 0; d < s->n_days; d++)
        weekday[d] = named ? tap_day_weekday(s->days[d].id) : d;
}

static unsigned long long fnv1a(unsigned long long h, const char *text)
{
    for (const unsigned char *c = (const unsigned char *)text; *c; c++)
        h = (h ^ *c) * 1099511628211ull;
    return (h ^ 0xff) * 1099511628211ull; /* a separator, so "ab"+"c" differs from "a"+"bc" */
}

static void summary_of(const tap_school *s, const tap_assignment *a, tap_text *t)
{
    switch (a->activity) {
    case TAP_ACT_IN_CLASS:
        tap_text_printf(t, "In class: %s %s", s->groups[a->group].id, s->subjects[a->subject].id);
        break;
    case TAP_ACT_INTERVENTION: tap_text_printf(t, "%s session", s->programmes[a->programme].id); break;
    case TAP_ACT_UNSTRUCTURED: tap_text_printf(t, "%s duty", s->slots[a->slot].id); break;
    case TAP_ACT_PLANNING: tap_text_put(t, "Planning"); break;
    }
}

static void description_of(const tap_school *s, const tap_assignment *a, tap_text *t)
{
    if (a->n_pupils > 0) {
        tap_text_put(t, a->activity == TAP_ACT_IN_CLASS ? "Supporting: " : "Pupils: ");
        for (int k = 0; k < a->n_pupils; k++)
            tap_text_printf(t, "%s%s", k ? ", " : "", s->pupils[a->pupils[k]].id);
    }
    for (int k = 0; k < a->n_withdrawn; k++) {
        const tap_withdrawal *x = &a->withdrawn[k];
        tap_text_printf(t, "\n%s leaves %s (%s)", s->pupils[x->pupil].id, s->subjects[x->subject].id,
                        s->groups[x->group].id);
    }
    if (a->activity == TAP_ACT_PLANNING)
        tap_text_put(t, "Non-contact time for preparation");
}

/* An event recurs weekly from its weekday's first date on or after the
 * first day of the calendar. */
static void event(writer *w, const tap_school *s, const tap_assignment *a, long first, int first_weekday,
                  const int *weekday, const tap_ics_settings *settings, const char *stamp)
{
    const tap_slot *slot = &s->slots[a->slot];
    int year = 0, month = 0, day = 0;
    civil_from_days(first + (weekday[a->day] - first_weekday + 7) % 7, &year, &month, &day);
    char text[160];
    line(w, "BEGIN", "VEVENT");
    unsigned long long h = 1469598103934665603ull;
    h = fnv1a(h, s->name ? s->name : "");
    h = fnv1a(fnv1a(fnv1a(h, s->staff[a->staff].id), s->days[a->day].id), slot->id);
    /* The same adult, day and slot keep their UID from plan to plan, so
     * importing a new week's plan updates the event in place. */
    snprintf(text, sizeof text, "%016llx@taplan", h);
    line(w, "UID", text);
    put(w, "DTSTAMP:");
    put(w, stamp);
    end_line(w);
    snprintf(text, sizeof text, "DTSTART:%04d%02d%02dT%02d%02d00", year, month, day, slot->start_minute / 60,
             slot->start_minute % 60);
    put(w, text);
    end_line(w);
    snprintf(text, sizeof text, "DTEND:%04d%02d%02dT%02d%02d00", year, month, day, slot->end_minute / 60,
             slot->end_minute % 60);
    put(w, text);
    end_line(w);
    if (settings->weeks > 0)
        snprintf(text, sizeof text, "RRULE:FREQ=WEEKLY;COUNT=%d", settings->weeks);
    else
        snprintf(text, sizeof text, "RRULE:FREQ=WEEKLY");
    put(w, text);
    end_line(w);
    tap_text summary = {0}, description = {0};
    summary_of(s, a, &summary);
    description_of(s, a, &description);
    if (summary.failed || description.failed)
        w->t->failed = true;
    line(w, "SUMMARY", summary.data ? summary.data : "");
    if (description.data)
        line(w, "DESCRIPTION", description.data);
    if (a->activity == TAP_ACT_IN_CLASS)
        line(w, "LOCATION", s->groups[a->group].id);
    tap_text_free(&summary);
    tap_text_free(&description);
    line(w, "CATEGORIES", tap_activity_name(a->activity));
    line(w, "TRANSP", "OPAQUE");
    line(w, "END", "VEVENT");
}

tap_status tap_ics_render(const tap_school *s, const tap_plan *plan, int staff, const tap_ics_settings *settings,
                          char **out)
{
    *out = NULL;
    if (staff < 0 || staff >= s->n_staff)
        return TAP_EINPUT;
    int weekday[TAP_MAX_DAYS] = {0};
    day_weekdays(s, weekday);
    long first = days_from_civil(settings->year, settings->month, settings->day);
    int first_weekday = (int)(((first + 3) % 7 + 7) % 7); /* 1970-01-01 was a Thursday */
    char stamp[32];
    struct tm utc;
    time_t when = settings->stamp;
    if (!gmtime_r(&when, &utc))
        return TAP_EINPUT;
    strftime(stamp, sizeof stamp, "%Y%m%dT%H%M%SZ", &utc);

    tap_text t = {0};
    writer w = {&t, 0};
    line(&w, "BEGIN", "VCALENDAR");
    line(&w, "VERSION", "2.0");
    line(&w, "PRODID", "-//taplan//TA deployment plan//EN");
    line(&w, "CALSCALE", "GREGORIAN");
    line(&w, "METHOD", "PUBLISH");
    tap_text name = {0};
    tap_text_printf(&name, "%s%s%s", s->staff[staff].id, s->name ? " – " : "", s->name ? s->name : "");
    line(&w, "X-WR-CALNAME", name.data ? name.data : s->staff[staff].id);
    tap_text_free(&name);
    for (int i = 0; i < plan->n_assignments; i++)
        if (plan->assignments[i].staff == staff && tap_week_fits(s, &plan->assignments[i]))
            event(&w, s, &plan->assignments[i], first, first_weekday, weekday, settings, stamp);
    line(&w, "END", "VCALENDAR");
    *out = tap_text_take(&t);
    return *out ? TAP_OK : TAP_ENOMEM;
}

/* The adult's id as a file name: letters, digits, '.', '-' and '_' kept,
 * everything else '_', never starting with a dot. */
static void file_name_of(const char *id, char *name, size_t size)
{
    size_t n = 0;
    for (const unsigned char *c = (const unsigned char *)id; *c && n + 5 < size; c++) {
        bool safe = (*c >= 'a' && *c <= 'z') || (*c >= 'A' && *c <= 'Z') || (*c >= '0' && *c <= '9') ||
                    *c == '-' || *c == '_' || (*c == '.' && n > 0);
        name[n++] = safe ? (char)*c : '_';
    }
    if (n == 0)
        name[n++] = '_';
    name[n] = '\0';
}

tap_status tap_ics_write(const tap_school *s, const tap_plan *plan, const tap_ics_settings *settings, const char *dir,
                         int *n_written, tap_diags *diags)
{
    if (n_written)
        *n_written = 0;
    tap_status status = tap_file_make_dir(dir, diags);
    bool *busy = calloc((size_t)s->n_staff + 1, sizeof *busy);
    char(*names)[128] = calloc((size_t)s->n_staff + 1, sizeof *names);
    if (!busy || !names) {
        free(busy), free(names);
        return TAP_ENOMEM;
    }
    for (int i = 0; i < plan->n_assignments; i++)
        if (tap_week_fits(s, &plan->assignments[i]))
            busy[plan->assignments[i].staff] = true;
    for (int a = 0; a < s->n_staff && status == TAP_OK; a++) {
        if (!busy[a])
            continue;
        /* Two ids may map to one name (TA Khan, TA/Khan): number the later. */
        char base[100];
        file_name_of(s->staff[a].id, base, sizeof base);
        snprintf(names[a], sizeof names[a], "%s.ics", base);
        for (int copy = 2, clash = 1; clash; copy++) {
            clash = 0;
            for (int b = 0; b < a && !clash; b++)
                clash = busy[b] && !strcmp(names[a], names[b]);
            if (clash)
                snprintf(names[a], sizeof names[a], "%s-%d.ics", base, copy);
        }
        char *calendar = NULL;
        status = tap_ics_render(s, plan, a, settings, &calendar);
        if (status == TAP_OK)
            status = tap_file_write_in_dir(dir, names[a], calendar, strlen(calendar), diags);
        free(calendar);
        if (status == TAP_OK && n_written)
            (*n_written)++;
    }
    free(busy), free(names);
    return status;
}
