/* random.h - a small seeded generator (splitmix64) whose output is the same
 * on every platform, so generated schools are reproducible byte for byte.
 * Never rand(): its sequence differs between C libraries. */
#ifndef TAP_RANDOM_H
#define TAP_RANDOM_H

#include <stdint.h>

/* The whole state: copy it to fork a stream, no allocation, no globals. */
typedef struct {
    uint64_t state;
} tap_random;

/* A generator seeded with seed; every seed (0 included) gives a good stream. */
tap_random tap_random_seeded(uint64_t seed);

/* The next 64 random bits. */
uint64_t tap_random_next(tap_random *random);

/* A whole number in [0, n) for n >= 1 (0 when n <= 0). The modulo bias is
 * below n / 2^64: nothing a school generator could notice. */
int tap_random_below(tap_random *random, int n);

/* A whole number in [low, high], both included (low when high < low). */
int tap_random_between(tap_random *random, int low, int high);

/* True with probability per_mille / 1000. */
int tap_random_chance(tap_random *random, int per_mille);

#endif
