/* ics.h - each adult's week as an iCalendar file (RFC 5545): one weekly
 * recurring event per assignment, in the school's local time, importable
 * into common calendar programs. Calendars travel to phones and online
 * services, so events name pupils by id only. */
#ifndef TAP_ICS_H
#define TAP_ICS_H

#include <stdbool.h>
#include <time.h>

#include "base/diag.h"
#include "solver/plan.h"

typedef struct {
    int year, month, day; /* the first day of the calendar: each event starts
                             on its weekday's first date from then on */
    int weeks;            /* how many weeks they recur; 0: with no end */
    time_t stamp;         /* when the calendar was made (DTSTAMP, UTC) */
} tap_ics_settings;

/* Parses YYYY-MM-DD into settings' date; false when it is not a real date. */
bool tap_ics_parse_date(const char *text, tap_ics_settings *settings);

/* The calendar of one adult: a malloc'd string the caller frees. Days fall
 * on their weekday names (Mon, Tuesday...) when every day id is one, else
 * in order from Monday. The school must be a real one (slot times known). */
tap_status tap_ics_render(const tap_school *school, const tap_plan *plan, int staff, const tap_ics_settings *settings,
                          char **out);

/* One file per adult with any assignment, named after the adult's id
 * (characters unsafe in file names become '_'), in folder dir (made when
 * missing). *n_written, when not NULL, receives the number of files. */
tap_status tap_ics_write(const tap_school *school, const tap_plan *plan, const tap_ics_settings *settings,
                         const char *dir, int *n_written, tap_diags *diags);

#endif
