/* test_bench.c - the benchmark runner's own interface, without running a
 * benchmark: help, the fixed list of cases, bad usage, a missing taplan and
 * a folder that is not the benchmark's, each refused before anything is
 * written; and the medians of repeated runs, from a stand-in for taplan
 * whose figures are known. Then bench/optimality: taplan against GLPK
 * alone on four tiny schools, and its verdicts against a stand-in for GLPK
 * whose answers are known. */
#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "support/testing.h"

/* Runs bench/run with args; returns its exit code. */
static int bench(char **out, char **err, const char *args)
{
    char command[8192];
    snprintf(command, sizeof command, "bash %s/bench/run %s", TAP_SOURCE_DIR, args);
    return test_shell(command, out, err);
}

static void test_help(void **state)
{
    (void)state;
    char *out = NULL;
    assert_int_equal(bench(&out, NULL, "--help"), 0);
    assert_true(!strncmp(out, "usage: bench/run ", 17));
    const char *options[] = {"--quick", "--time-limit S", "--replan-time-limit S", "--cases LIST", "--repeat N", "--out DIR", "--taplan PATH", "--no-cbc",
                             "--list"};
    for (size_t i = 0; i < sizeof options / sizeof options[0]; i++)
        assert_non_null(strstr(out, options[i]));
    free(out);
}

/* The names are what results are filed under: they must not drift. The
 * quick run takes the primary's cases. */
static void test_list(void **state)
{
    (void)state;
    char *out = NULL;
    assert_int_equal(bench(&out, NULL, "--list"), 0);
    const struct {
        const char *name;
        bool quick;
    } cases[] = {{"primary-280-p0.8", true},       {"primary-280-p1.1", true},
                 {"secondary-1000-p0.8", false},   {"secondary-1000-p1.1", false},
                 {"secondary-2000-p0.8", false},   {"secondary-2000-p1.1", false},
                 {"replan-primary-280", true},     {"replan-secondary-1000", false},
                 {"compare-primary-280", true},    {"compare-secondary-1000", false}};
    const char *line = out;
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        size_t n = strlen(cases[i].name);
        assert_true(!strncmp(line, cases[i].name, n) && line[n] == ' ');
        const char *end = strchr(line, '\n');
        assert_non_null(end);
        bool quick = end - line > 8 && !strncmp(end - 8, " (quick)", 8);
        assert_int_equal(quick, cases[i].quick);
        line = end + 1;
    }
    assert_string_equal(line, "");
    free(out);
}

static void test_bad_usage_exits_2(void **state)
{
    (void)state;
    char *err = NULL;
    assert_int_equal(bench(NULL, &err, "--frobnicate"), 2);
    assert_non_null(strstr(err, "unknown option '--frobnicate'"));
    free(err);
    assert_int_equal(bench(NULL, NULL, "--time-limit"), 2);
    assert_int_equal(bench(NULL, &err, "--time-limit 0"), 2);
    assert_non_null(strstr(err, "--time-limit"));
    free(err);
    assert_int_equal(bench(NULL, &err, "--replan-time-limit -1"), 2);
    assert_non_null(strstr(err, "--replan-time-limit takes a number"));
    free(err);
    assert_int_equal(bench(NULL, &err, "--repeat 0"), 2);
    assert_non_null(strstr(err, "--repeat takes a whole number of runs from 1 to 20"));
    free(err);
    assert_int_equal(bench(NULL, NULL, "--repeat 21"), 2);
    assert_int_equal(bench(NULL, NULL, "--repeat 2.5"), 2);
    assert_int_equal(bench(NULL, &err, "--cases tertiary-9"), 2);
    assert_non_null(strstr(err, "no case matches 'tertiary-9'"));
    free(err);
}

/* Nothing is made, not even the output folder, without a taplan to run. */
static void test_taplan_not_built(void **state)
{
    (void)state;
    char args[4096], *err = NULL;
    snprintf(args, sizeof args, "--taplan %s --out %s --quick", test_scratch_path("no-taplan"),
             test_scratch_path("results"));
    assert_int_equal(bench(NULL, &err, args), 2);
    assert_non_null(strstr(err, "taplan is not built"));
    assert_int_equal(access(test_scratch_path("results"), F_OK), -1);
    free(err);
}

/* A folder with files of its own is left alone: the run would overwrite
 * whatever shares a name with its outputs. */
static void test_foreign_folder_refused(void **state)
{
    (void)state;
    const char *folder = test_scratch_path("mine");
    assert_int_equal(mkdir(folder, 0700), 0);
    FILE *file = fopen(test_scratch_path("mine/results.tsv"), "w");
    assert_non_null(file);
    fputs("my own figures\n", file);
    fclose(file);
    char args[4096], *err = NULL;
    snprintf(args, sizeof args, "--taplan %s --out %s --quick", TAP_BIN, test_scratch_path("mine"));
    assert_int_equal(bench(NULL, &err, args), 2);
    assert_non_null(strstr(err, "holds files of its own"));
    char *text = test_read_file(test_scratch_path("mine/results.tsv"));
    assert_string_equal(text, "my own figures\n");
    assert_int_equal(access(test_scratch_path("mine/.taplan-bench"), F_OK), -1);
    free(text);
    free(err);
}

/* A stand-in for taplan: generate writes a file, verify passes, and the
 * n-th solve reports the n-th of the objectives 30, 10, 20 (statutory
 * hours a tenth of it, memory 1,024 KiB a run more each time). */
static const char fake_taplan[] =
    "#!/bin/sh\n"
    "out= stats=\n"
    "cmd=$1; shift\n"
    "while [ $# -gt 0 ]; do case $1 in -o) out=$2; shift ;; --stats) stats=$2; shift ;; esac; shift; done\n"
    "case $cmd in\n"
    "generate) echo school > \"$out\" ;;\n"
    "verify) ;;\n"
    "solve)\n"
    "  counter=$(dirname \"$0\")/solves; n=$(( $(cat \"$counter\" 2>/dev/null || echo 0) + 1 )); echo $n > \"$counter\"\n"
    "  case $n in 1) o=30 ;; 2) o=10 ;; *) o=20 ;; esac\n"
    "  echo '{}' > \"$out\"\n"
    "  printf 'status=feasible\\nrows=5\\ncolumns=6\\nbinaries=4\\nfirst_plan_seconds=0.01\\ngap=0.5\\n"
    "objective=%s\\nstatutory_shortfall_hours=%s\\nstatutory_proven=no\\nsen_support_shortfall_hours=2\\n"
    "peak_memory_kib=%s\\n' $o $((o / 10)) $((n * 1024)) > \"$stats\" ;;\n"
    "*) exit 2 ;;\n"
    "esac\n";

/* Three runs of a case and the line of medians after them: each figure
 * the middle one of its three values (objective 20 of 30, 10, 20; memory
 * 2 MiB of 1, 2, 3), the ones every run shares as they are. */
static void test_repeat_medians(void **state)
{
    (void)state;
    const char *stub = test_scratch_path("taplan");
    FILE *file = fopen(stub, "w");
    assert_non_null(file);
    fputs(fake_taplan, file);
    fclose(file);
    assert_int_equal(chmod(stub, 0700), 0);
    char args[4096], *out = NULL;
    snprintf(args, sizeof args, "--taplan %s --out %s --no-cbc --cases primary-280-p0.8 --repeat 3", stub,
             test_scratch_path("results"));
    assert_int_equal(bench(&out, NULL, args), 0);
    char *tsv = test_read_file(test_scratch_path("results/results.tsv"));
    assert_non_null(tsv);
    assert_non_null(strstr(tsv, "primary-280-p0.8#3\t5\t6\t4\t0.01\t"));
    /* case rows cols bins first_s, total_s (measured), then status gap%
     * objective stat_h proven sen_h MiB verify */
    const char *head = "primary-280-p0.8 median\t5\t6\t4\t0.01\t";
    const char *figures = "\tfeasible\t50.00\t20\t2\tno\t2\t2\tok\t";
    const char *medians = strstr(tsv, head);
    assert_non_null(medians);
    const char *after_total = strchr(medians + strlen(head), '\t');
    assert_non_null(after_total);
    assert_true(!strncmp(after_total, figures, strlen(figures)));
    assert_non_null(strstr(medians, "\tmedian of 3 runs\n"));
    assert_int_equal(access(test_scratch_path("results/primary-280-p0.8.3/stats.txt"), F_OK), 0);
    free(tsv);
    free(out);
}

/* Runs bench/optimality with args; returns its exit code. */
static int optimality(char **out, char **err, const char *format, ...)
{
    char args[4096], command[8192];
    va_list list;
    va_start(list, format);
    vsnprintf(args, sizeof args, format, list);
    va_end(list);
    snprintf(command, sizeof command, "bash %s/bench/optimality --taplan %s %s", TAP_SOURCE_DIR, TAP_BIN, args);
    return test_shell(command, out, err);
}

/* Bad usage is refused before anything is made. */
static void test_optimality_bad_usage(void **state)
{
    (void)state;
    static const char *const bad[] = {"--seeds 5:1", "--seeds 1-4", "--pupils 13", "--pupils 0", "--time-limit 0",
                                      "--glpk-time-limit x", "--frobnicate", "--seeds"};
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        char *err = NULL;
        assert_int_equal(optimality(NULL, &err, "%s --out %s", bad[i], test_scratch_path("never")), 2);
        assert_non_null(strstr(err, "bench/optimality: error: "));
        assert_int_equal(access(test_scratch_path("never"), F_OK), -1);
        free(err);
    }
}

/* Asserts that bench/optimality's summary counts verdict (e.g. "WRONG 0
 * BELOW 0") for the whole objective and for the statutory shortfall. */
static void assert_verdicts(const char *out, const char *verdict)
{
    char whole_end[64], statutory_end[64];
    snprintf(whole_end, sizeof whole_end, "%s;", verdict);
    snprintf(statutory_end, sizeof statutory_end, "%s\n", verdict);
    const char *whole = strstr(out, "whole objective: ");
    assert_non_null(whole);
    const char *statutory = strstr(whole, "statutory shortfall: ");
    assert_non_null(statutory);
    const char *found = strstr(whole, whole_end);
    assert_true(found && found < statutory);
    assert_non_null(strstr(statutory, statutory_end));
}

/* Four tiny schools solved by taplan and by GLPK alone: no claim of
 * taplan's is contradicted, of the whole model or of the statutory
 * shortfall, and every plan verifies. */
static void test_optimality_agrees_with_glpk_alone(void **state)
{
    (void)state;
    char *out = NULL;
    assert_int_equal(optimality(&out, NULL, "--glpk-alone %s --seeds 1:4 --out %s", TAP_GLPK_ALONE,
                                test_scratch_path("agree")),
                     0);
    /* taplan proves all four in a second or two, but its limit is a
     * clock: on a loaded machine a proof may come late, which is
     * "unproven", not a failure. What may never happen is a contradicted
     * claim. */
    assert_verdicts(out, "WRONG 0 BELOW 0");
    /* seed 1: 1.72 h of statutory shortfall, GLPK's proven least */
    assert_non_null(strstr(out, "1.722222 yes   optimal 1.722222222"));
    int verified = 0;
    for (const char *at = out; (at = strstr(at, "| ok\n")); at++)
        verified++;
    assert_int_equal(verified, 4);
    free(out);
}

/* A stand-in for GLPK that claims an optimum far below taplan's figures
 * makes taplan's proofs WRONG; one far above makes its plans BELOW a
 * proven optimum. Either fails the run. */
static void test_optimality_flags_disagreement(void **state)
{
    (void)state;
    static const struct {
        const char *answer, *verdict;
    } cases[] = {{"optimal 0.5", "WRONG 1 BELOW 0"}, {"optimal 99999", "WRONG 0 BELOW 1"}};
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        const char *stub = test_scratch_path("glpk");
        FILE *file = fopen(stub, "w");
        assert_non_null(file);
        fprintf(file, "#!/bin/sh\necho '%s'\n", cases[i].answer);
        fclose(file);
        assert_int_equal(chmod(stub, 0700), 0);
        char *out = NULL;
        assert_int_equal(optimality(&out, NULL, "--glpk-alone %s --seeds 1:1 --out %s", stub,
                                    test_scratch_path("disagree")),
                         1);
        assert_verdicts(out, cases[i].verdict);
        free(out);
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_help),
        cmocka_unit_test(test_list),
        cmocka_unit_test(test_bad_usage_exits_2),
        cmocka_unit_test(test_taplan_not_built),
        cmocka_unit_test(test_foreign_folder_refused),
        cmocka_unit_test(test_repeat_medians),
        cmocka_unit_test(test_optimality_bad_usage),
        cmocka_unit_test(test_optimality_agrees_with_glpk_alone),
        cmocka_unit_test(test_optimality_flags_disagreement),
    };
    return cmocka_run_group_tests(tests, test_scratch_setup, test_scratch_teardown);
}
