/* contract.h - rows an adult's contracted hours imply for whole slots.
 *
 * An adult's contract row, Σ minutes(t) busy_t <= H, lets the LP
 * relaxation spend the last fraction of a contract on part of a lesson:
 * a TA on 25 hours who covers five 40-minute lunches has 21 2/3 hours
 * left, which is 21 lessons, not 21 2/3. Take the adult's busy slots of
 * the most common length (n of them) and those of one other length (k):
 * in whole slots, n <= min(slots, (H - k * minutes) / length) for each k,
 * and the upper edge of the convex hull of those points gives rows
 * `a n + b k <= c` that every plan obeys (slots of the remaining lengths
 * only take minutes away) and the LP need not: here n + k <= 26. */
#ifndef TAP_CONTRACT_H
#define TAP_CONTRACT_H

#include <stdbool.h>

/* One row: per_long * n + per_other * k <= rhs, in integers. */
typedef struct {
    long per_long;
    long per_other;
    long rhs;
} tap_contract_row;

/* Rows for n_long slots of long_minutes and n_other of other_minutes,
 * with contract_minutes; only rows the plain contract row and the slot
 * counts leave room to break, at most max_rows of them, in order of k.
 * Returns how many were written. */
int tap_contract_rows(int long_minutes, int n_long, int other_minutes, int n_other, long contract_minutes,
                      tap_contract_row *rows, int max_rows);

#endif
