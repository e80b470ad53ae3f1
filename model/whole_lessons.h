/* whole_lessons.h - the row a pupil's in-class entitlement implies when
 * support comes in whole lessons.
 *
 * The in-class row, Σ minutes(t) y_t + s >= H, lets the LP meet an
 * entitlement exactly with parts of lessons. Every plan gives the pupil a
 * set of whole lessons, so the minutes d it gives are a sum of some of
 * them: either at most the largest such sum below H (short by H - below)
 * or at least the smallest sum from H on (short by nothing). The shortfall
 * then lies on or above the line through those two points,
 *
 *   s >= (H - below) (above - d) / (above - below),
 *
 * which the LP need not obey: 4 h from lessons of 50 and 60 minutes (four
 * and two of them) is 220 or 260 minutes, never 240, so s >= (260 - d) / 2
 * in minutes. */
#ifndef TAP_WHOLE_LESSONS_H
#define TAP_WHOLE_LESSONS_H

#include <stdbool.h>

/* For lessons of minutes[0..n-1] (0: none at that time) and an entitlement
 * of entitled minutes: true, with *below and *above, when no sum of the
 * lessons equals it and some sum reaches it, so the row above cuts off
 * part of the LP's region; false when the plain row is exact already.
 * Sums are computed up to entitled plus the longest lesson. False too when
 * memory runs out (*failed set), since no row is then the safe answer. */
bool tap_whole_lessons_line(const int *minutes, int n, int entitled, int *below, int *above, bool *failed);

#endif
