/* cli.c - argument parsing and school loading shared by the subcommands. */
#include "cli.h"

#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static bool allows(const char *allowed, const char *name)
{
    size_t length = strlen(name);
    for (const char *p = allowed; p && *p;) {
        const char *end = strchr(p, ',');
        size_t n = end ? (size_t)(end - p) : strlen(p);
        if (n == length && !strncmp(p, name, n))
            return true;
        p = end ? end + 1 : NULL;
    }
    return false;
}

bool cli_parse(int argc, char **argv, const char *allowed, int n_positional, const char *usage, cli_args *args)
{
    memset(args, 0, sizeof *args);
    for (int i = 0; i < argc; i++) {
        const char *arg = argv[i];
        const char *name = arg[0] == '-' ? arg + (arg[1] == '-' ? 2 : 1) : NULL;
        if (!name) {
            if (args->n_positional == n_positional)
                goto bad;
            args->positional[args->n_positional++] = arg;
            continue;
        }
        if (!strcmp(name, "output"))
            name = "o";
        if (!allows(allowed, name)) {
            fprintf(stderr, "taplan: error: unknown option '%s'\n", arg);
            goto bad;
        }
        bool takes_value = !strcmp(name, "o") || !strcmp(name, "time-limit");
        if (takes_value && i + 1 >= argc) {
            fprintf(stderr, "taplan: error: option '%s' needs a value\n", arg);
            goto bad;
        }
        if (!strcmp(name, "o")) {
            args->output = argv[++i];
        } else if (!strcmp(name, "time-limit")) {
            char *end = NULL;
            errno = 0;
            args->time_limit_s = strtod(argv[++i], &end);
            if (errno || !end || *end || !isfinite(args->time_limit_s) || args->time_limit_s <= 0 ||
                args->time_limit_s > 86400) {
                fprintf(stderr, "taplan: error: --time-limit takes seconds between 0 and 86400\n");
                goto bad;
            }
        } else if (!strcmp(name, "quiet")) {
            args->quiet = true;
        } else if (!strcmp(name, "no-start")) {
            args->no_start = true;
        } else if (!strcmp(name, "mps")) {
            args->mps = true;
        }
    }
    if (args->n_positional == n_positional)
        return true;
bad:
    fprintf(stderr, "usage: taplan %s\n", usage);
    return false;
}

int cli_fail(tap_status status, tap_diags *diags)
{
    tap_diags_print(diags, stderr);
    tap_diags_clear(diags);
    switch (status) {
    case TAP_OK: return EXIT_PLAN_OK;
    case TAP_EINPUT: return EXIT_BAD_INPUT;
    case TAP_EIO: return EXIT_IO;
    case TAP_ENOMEM:
        fputs("taplan: error: out of memory\n", stderr);
        return EXIT_INTERNAL;
    case TAP_ESOLVER: return EXIT_INTERNAL;
    }
    return EXIT_INTERNAL;
}

tap_school *cli_load_school(const char *path, int *exit_code)
{
    tap_diags diags = {0};
    tap_school *school = NULL;
    tap_status status = tap_school_read(path, &school, &diags);
    if (status == TAP_OK)
        status = tap_school_check(school, &diags);
    if (status != TAP_OK) {
        /* an unreadable school file is bad input like any other; print
         * before the school (which holds the diagnostics' file name) goes */
        *exit_code = cli_fail(status == TAP_EIO ? TAP_EINPUT : status, &diags);
        tap_school_destroy(&school);
        return NULL;
    }
    tap_diags_clear(&diags);
    return school;
}
