/* test_whole_lessons.c - in-class hours in whole lessons: the nearest sums
 * of lessons below and above an entitlement, worked out by hand; that the
 * row through them holds for every set of lessons and touches the two
 * sums; and what it tells the LP of a school. */
#include <math.h>
#include <string.h>

#include "model/formulation.h"
#include "model/whole_lessons.h"
#include "solver/glpk_backend.h"
#include "support/testing.h"

static bool line_of(const int *minutes, int n, int entitled, int *below, int *above)
{
    bool failed = false;
    bool cuts = tap_whole_lessons_line(minutes, n, entitled, below, above, &failed);
    assert_false(failed);
    return cuts;
}

static void test_nearest_sums(void **state)
{
    (void)state;
    int below = -1, above = -1;
    /* two 45-minute lessons, 1 h: 45 or 90, never 60 */
    const int two[] = {45, 0, 45};
    assert_true(line_of(two, 3, 60, &below, &above));
    assert_int_equal(below, 45);
    assert_int_equal(above, 90);
    /* four of 50 and two of 60 minutes, 4 h: 220 (two of each) or 260
     * (four of 50 and one of 60), never 240, 230 or 250 */
    const int mixed[] = {50, 50, 60, 50, 60, 50};
    assert_true(line_of(mixed, 6, 240, &below, &above));
    assert_int_equal(below, 220);
    assert_int_equal(above, 260);
    /* one-hour lessons, 2.5 h: 120 or 180 */
    const int hours[] = {60, 60, 60, 60};
    assert_true(line_of(hours, 4, 150, &below, &above));
    assert_int_equal(below, 120);
    assert_int_equal(above, 180);
    /* met exactly by two of them: no row */
    assert_false(line_of(hours, 4, 120, &below, &above));
    /* more than all the lessons: the plain row is exact */
    assert_false(line_of(two, 3, 100, &below, &above));
    /* nothing asked */
    assert_false(line_of(two, 3, 0, &below, &above));
}

/* Over a grid of lesson lengths and entitlements: for every set of
 * lessons, its minutes d and the shortfall max(0, H - d) lie on or above
 * the line, which meets the sums below and above (both reachable). */
static void test_row_holds_for_every_set_of_lessons(void **state)
{
    (void)state;
    const int lengths[] = {30, 40, 45, 50, 60, 75};
    int n_rows = 0;
    for (int a = 0; a < 6; a++)
        for (int b = a; b < 6; b++)
            for (int n = 1; n <= 7; n++)
                for (int entitled = 15; entitled <= 480; entitled += 15) {
                    int minutes[7];
                    for (int i = 0; i < n; i++)
                        minutes[i] = i % 2 ? lengths[b] : lengths[a];
                    int below = 0, above = 0;
                    if (!line_of(minutes, n, entitled, &below, &above))
                        continue;
                    n_rows++;
                    bool at_below = false, at_above = false;
                    for (int set = 0; set < 1 << n; set++) {
                        long d = 0;
                        for (int i = 0; i < n; i++)
                            d += set >> i & 1 ? minutes[i] : 0;
                        long shortfall = d < entitled ? entitled - d : 0;
                        /* s >= (H - below)(above - d) / (above - below), in integers */
                        long lhs = shortfall * (above - below), rhs = (long)(entitled - below) * (above - d);
                        assert_true(lhs >= rhs);
                        assert_false(d > below && d < above); /* no sum between them */
                        at_below |= d == below;
                        at_above |= d == above;
                    }
                    assert_true(at_below && at_above);
                }
    assert_true(n_rows > 100); /* the grid does reach rows */
}

/* whole_lessons.yaml: the statutory model has the two rows worked out in
 * the file, and its LP relaxation, no cuts, is the minimum itself, 1/4 h
 * (without the rows, 0: A 60 minutes and B 30 from parts of lessons). */
static void test_school_lp_knows_whole_lessons(void **state)
{
    (void)state;
    tap_school *school = test_load_school("whole_lessons.yaml");
    tap_model_options options = tap_model_defaults();
    options.statutory_only = true;
    options.names = true;
    tap_model *model = NULL;
    tap_diags diags = {0};
    assert_int_equal(tap_model_build_with(school, &options, &model, &diags), TAP_OK);
    const tap_mip *mip = &model->mip;
    const char *names[] = {"whole_lessons_A", "whole_lessons_B"};
    const double per_lesson[] = {0.25, 0.5};
    for (int k = 0; k < 2; k++) {
        int row = -1;
        for (int i = 0; i < mip->n_rows; i++)
            if (!strcmp(mip->rows[i].name, names[k]))
                row = i;
        assert_true(row >= 0);
        assert_true(fabs(mip->rows[row].lower - 0.5) < 1e-12);
        for (int e = mip->rows[row].first; e < mip->rows[row].first + mip->rows[row].n_entries; e++) {
            const char *column = mip->cols[mip->entries[e].col].name;
            double expected = !strncmp(column, "short_class_", 12) ? 1.0 : per_lesson[k];
            assert_true(fabs(mip->entries[e].value - expected) < 1e-12);
        }
    }
    double bound = 0.0;
    assert_int_equal(tap_glpk_cut_bound(mip, -HUGE_VAL, 10.0, &bound), TAP_OK);
    assert_true(fabs(bound - 0.25) < 1e-9);
    tap_model_destroy(&model);
    tap_school_destroy(&school);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_nearest_sums),
        cmocka_unit_test(test_row_holds_for_every_set_of_lessons),
        cmocka_unit_test(test_school_lp_knows_whole_lessons),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
