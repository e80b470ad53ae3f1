/* contract.c - see contract.h. */
#include "contract.h"

#include <stdlib.h>

enum { MOST_OTHER_SLOTS = 1024 }; /* a week has fewer slots (TIME_BITS) */

typedef struct {
    long k, n;
} point;

static long gcd(long a, long b)
{
    while (b != 0) {
        long r = a % b;
        a = b;
        b = r;
    }
    return a < 0 ? -a : a;
}

/* Twice the signed area of o, a, b: positive when b turns left of o->a. */
static long cross(point o, point a, point b)
{
    return (a.k - o.k) * (b.n - o.n) - (a.n - o.n) * (b.k - o.k);
}

/* The most the row can reach over the plain LP region: 0 <= n <= n_long,
 * 0 <= k <= n_other, w n + v k <= H, evaluated at the region's corners. */
static double plain_most(const tap_contract_row *row, double w, double n_long, double v, double n_other, double H)
{
    double corners[5][2] = {
        {n_long, 0.0},
        {n_long, (H - w * n_long) / v},
        {(H - v * n_other) / w, n_other},
        {0.0, n_other},
        {H / w, 0.0},
    };
    double most = 0.0;
    for (int i = 0; i < 5; i++) {
        double n = corners[i][0], k = corners[i][1];
        if (n < 0 || n > n_long || k < 0 || k > n_other || w * n + v * k > H + 1e-9)
            continue;
        double value = (double)row->per_long * n + (double)row->per_other * k;
        most = value > most ? value : most;
    }
    return most;
}

static int keep_if_cutting(tap_contract_row row, int w, int n_long, int v, int n_other, long H,
                           tap_contract_row *rows, int n_rows, int max_rows)
{
    long g = gcd(row.per_long, row.per_other);
    if (g > 1)
        row.per_long /= g, row.per_other /= g, row.rhs /= g; /* rhs is a combination of the two, so divisible */
    if (n_rows >= max_rows || plain_most(&row, w, n_long, v, n_other, (double)H) <= (double)row.rhs + 1e-9)
        return n_rows;
    rows[n_rows] = row;
    return n_rows + 1;
}

int tap_contract_rows(int long_minutes, int n_long, int other_minutes, int n_other, long contract_minutes,
                      tap_contract_row *rows, int max_rows)
{
    long w = long_minutes, v = other_minutes, H = contract_minutes;
    if (w <= 0 || v <= 0 || H < 0 || n_long < 0 || n_other < 0 || n_other > MOST_OTHER_SLOTS)
        return 0;
    point hull[MOST_OTHER_SLOTS + 1];
    int n_hull = 0;
    long k_most = H / v < n_other ? H / v : n_other;
    for (long k = 0; k <= k_most; k++) {
        long n = (H - v * k) / w;
        point p = {k, n < n_long ? n : n_long};
        while (n_hull >= 2 && cross(hull[n_hull - 2], hull[n_hull - 1], p) >= 0)
            n_hull--;
        hull[n_hull++] = p;
    }
    int n_rows = 0;
    if (n_hull == 1) { /* no other slot: whole slots of the one length */
        tap_contract_row row = {1, 0, hull[0].n};
        n_rows = keep_if_cutting(row, (int)w, n_long, (int)v, n_other, H, rows, n_rows, max_rows);
    }
    for (int i = 0; i + 1 < n_hull; i++) {
        point a = hull[i], b = hull[i + 1];
        long dk = b.k - a.k, dn = a.n - b.n;
        tap_contract_row row = {dk, dn, dk * a.n + dn * a.k};
        n_rows = keep_if_cutting(row, (int)w, n_long, (int)v, n_other, H, rows, n_rows, max_rows);
    }
    if (k_most < n_other) { /* no room for another whole slot of the other length */
        tap_contract_row row = {0, 1, k_most};
        n_rows = keep_if_cutting(row, (int)w, n_long, (int)v, n_other, H, rows, n_rows, max_rows);
    }
    return n_rows;
}
