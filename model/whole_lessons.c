/* whole_lessons.c - see whole_lessons.h: a subset-sum table over the
 * pupil's lessons, in minutes. */
#include "whole_lessons.h"

#include <stdlib.h>

bool tap_whole_lessons_line(const int *minutes, int n, int entitled, int *below, int *above, bool *failed)
{
    int total = 0, longest = 0;
    for (int i = 0; i < n; i++) {
        if (minutes[i] <= 0)
            continue;
        total += minutes[i];
        longest = minutes[i] > longest ? minutes[i] : longest;
    }
    if (entitled <= 0 || total < entitled)
        return false; /* nothing asked, or no plan reaches it: the plain row is exact */
    /* reachable[k]: some of the lessons last k minutes together. Adding
     * lessons one by one passes the entitlement by less than the longest,
     * so a sum from it on lies below limit. */
    int limit = entitled + longest;
    unsigned char *reachable = calloc((size_t)limit + 1, 1);
    if (!reachable) {
        *failed = true;
        return false;
    }
    reachable[0] = 1;
    for (int i = 0; i < n; i++)
        for (int k = limit; minutes[i] > 0 && k >= minutes[i]; k--)
            reachable[k] |= reachable[k - minutes[i]];
    int low = entitled, high = entitled;
    while (!reachable[low]) /* reachable[0] stops it */
        low--;
    while (high < limit && !reachable[high])
        high++;
    free(reachable);
    if (low == entitled)
        return false; /* met exactly by some lessons: nothing to round */
    *below = low;
    *above = high;
    return true;
}
