/* bits.h - bit sets as arrays of 64-bit words. */
#ifndef TAP_BITS_H
#define TAP_BITS_H

#include <stdbool.h>
#include <stdint.h>

/* The place of the lowest bit set in a word that is not 0. */
static inline int tap_lowest_bit(uint64_t bits)
{
#if defined(__GNUC__)
    return __builtin_ctzll(bits);
#else
    int b = 0;
    for (; (bits & 1) == 0; bits >>= 1)
        b++;
    return b;
#endif
}

/* Is bit b of the set `bits` set? */
static inline bool tap_has_bit(const uint64_t *bits, int b)
{
    return (bits[b / 64] >> (b % 64)) & 1;
}

/* The first place from `from` on (within n_words words) set in a and,
 * unless b is NULL, in b too; -1 when there is none. */
static inline int tap_next_bit(const uint64_t *a, const uint64_t *b, int n_words, int from)
{
    for (int w = from >= 0 ? from / 64 : n_words; w < n_words; w++) {
        uint64_t bits = a[w] & (b ? b[w] : ~UINT64_C(0));
        if (w == from / 64)
            bits &= ~UINT64_C(0) << (from % 64);
        if (bits != 0)
            return w * 64 + tap_lowest_bit(bits);
    }
    return -1;
}

/* Sets bit b of `bits` when on, clears it otherwise. */
static inline void tap_put_bit(uint64_t *bits, int b, bool on)
{
    uint64_t bit = UINT64_C(1) << (b % 64);
    bits[b / 64] = on ? bits[b / 64] | bit : bits[b / 64] & ~bit;
}

#endif
