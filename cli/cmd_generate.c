/* cmd_generate.c - `taplan generate`: a realistic made-up school from a
 * seed, or a tiny one of random shape (--kind tiny), to stdout or (all or
 * nothing, owner-only) to a file. */
#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/file.h"
#include "cli.h"
#include "model/generator.h"
#include "model/random_school.h"

#define USAGE                                                                                                  \
    "generate --kind primary|secondary --pupils N --seed S [--pressure P] [-o SCHOOL.yaml] [--quiet]\n"        \
    "       taplan generate --kind tiny --seed S [--pupils N] [-o SCHOOL.yaml]"

/* Reads --seed: digits only, up to 2^64 - 1. */
static bool read_seed(const char *text, uint64_t *seed)
{
    if (!text || !*text || strspn(text, "0123456789") != strlen(text))
        return false;
    errno = 0;
    unsigned long long value = strtoull(text, NULL, 10);
    if (errno == ERANGE || value > UINT64_MAX)
        return false;
    *seed = (uint64_t)value;
    return true;
}

/* Reads the options into params, printing what is wrong; false on any. */
static bool read_params(const cli_args *args, tap_generator_params *params, bool *tiny)
{
    bool ok = true;
    const char *kind = cli_value(args, "kind");
    *tiny = kind && !strcmp(kind, "tiny");
    if (kind && !strcmp(kind, "primary"))
        params->kind = TAP_GENERATOR_PRIMARY;
    else if (kind && !strcmp(kind, "secondary"))
        params->kind = TAP_GENERATOR_SECONDARY;
    else if (!*tiny) {
        fputs("taplan: error: --kind takes primary, secondary or tiny\n", stderr);
        ok = false;
    }
    if (*tiny && cli_value(args, "pressure")) {
        fputs("taplan: error: a tiny school takes no --pressure: its staff are drawn at random\n", stderr);
        ok = false;
    }
    double pupils = -1;
    if (*tiny && !cli_value(args, "pupils")) {
        params->n_pupils = 0; /* drawn from the seed */
    } else if (!cli_value(args, "pupils")) {
        fputs("taplan: error: --pupils N is needed\n", stderr);
        ok = false;
    } else if (!cli_number(args, "pupils", 1, 1e6, &pupils)) {
        ok = false;
    } else if (pupils != floor(pupils)) {
        fputs("taplan: error: --pupils takes a whole number\n", stderr);
        ok = false;
    } else {
        params->n_pupils = (int)pupils;
    }
    if (!cli_value(args, "seed")) {
        fputs("taplan: error: --seed S is needed\n", stderr);
        ok = false;
    } else if (!read_seed(cli_value(args, "seed"), &params->seed)) {
        fputs("taplan: error: --seed takes a whole number from 0 to 18446744073709551615\n", stderr);
        ok = false;
    }
    if (!cli_number(args, "pressure", TAP_GENERATOR_MIN_PRESSURE, TAP_GENERATOR_MAX_PRESSURE, &params->pressure))
        ok = false;
    return ok;
}

int cmd_generate(int argc, char **argv)
{
    cli_args args;
    if (!cli_parse(argc, argv, "kind=,pupils=,seed=,pressure=,o=,quiet", 0, USAGE, &args))
        return EXIT_BAD_INPUT;
    tap_generator_params params = tap_generator_defaults();
    bool tiny = false;
    if (!read_params(&args, &params, &tiny)) {
        fprintf(stderr, "usage: taplan %s\n", USAGE);
        return EXIT_BAD_INPUT;
    }
    tap_diags diags = {0};
    char *text = NULL;
    size_t length = 0;
    tap_generator_summary summary;
    tap_status status = tiny ? tap_random_school_render(params.seed, params.n_pupils, &text, &length, &diags)
                             : tap_generator_render(&params, &text, &length, &summary, &diags);
    if (status == TAP_OK && args.output)
        status = tap_file_write_atomic(args.output, text, length, &diags);
    if (status != TAP_OK) {
        free(text);
        return cli_fail(status, &diags);
    }
    int exit_code = EXIT_PLAN_OK;
    if (!args.output) {
        if (fwrite(text, 1, length, stdout) != length || fflush(stdout) != 0) {
            fputs("taplan: error: cannot write to standard output\n", stderr);
            exit_code = EXIT_IO;
        }
    } else if (!args.quiet && tiny) {
        printf("%s: tiny school of random shape, seed %llu\n", args.output, (unsigned long long)params.seed);
    } else if (!args.quiet) {
        printf("%s: %s school, %d pupils (%d EHC plans, %d SEN support listed), %d groups, %d staff; demand %.2f h, "
               "usable %.2f h\n",
               args.output, params.kind == TAP_GENERATOR_PRIMARY ? "primary" : "secondary", summary.n_pupils,
               summary.n_ehcp, summary.n_sen_support, summary.n_groups, summary.n_staff,
               summary.statutory_hours + summary.sen_support_hours, summary.usable_hours);
    }
    free(text);
    return exit_code;
}
