/* random.c - splitmix64 (Steele, Lea and Flood, 2014): a Weyl sequence
 * scrambled by two multiply-xorshift rounds. Integer arithmetic only. */
#include "random.h"

tap_random tap_random_seeded(uint64_t seed)
{
    tap_random random = {seed};
    return random;
}

uint64_t tap_random_next(tap_random *random)
{
    uint64_t z = (random->state += UINT64_C(0x9E3779B97F4A7C15));
    z = (z ^ (z >> 30)) * UINT64_C(0xBF58476D1CE4E5B9);
    z = (z ^ (z >> 27)) * UINT64_C(0x94D049BB133111EB);
    return z ^ (z >> 31);
}

int tap_random_below(tap_random *random, int n)
{
    if (n <= 0)
        return 0;
    return (int)(tap_random_next(random) % (uint64_t)n);
}

int tap_random_between(tap_random *random, int low, int high)
{
    if (high <= low)
        return low;
    return low + tap_random_below(random, high - low + 1);
}

int tap_random_chance(tap_random *random, int per_mille)
{
    return tap_random_below(random, 1000) < per_mille;
}
