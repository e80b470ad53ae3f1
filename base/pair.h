/* pair.h - two pieces of work at once: the search's parts and ruin and
 * recreate's draws go in pairs, one on the calling thread and one on a
 * helper, so a two-core machine does twice the work in the same time. */
#ifndef TAP_PAIR_H
#define TAP_PAIR_H

/* Runs work(first) and work(second) and returns when both are done:
 * second on a new thread, or after first when no thread can be had, so
 * the result never depends on whether it ran in parallel. The two must
 * share nothing they write. */
void tap_pair_run(void *(*work)(void *), void *first, void *second);

#endif
