/* cli.c - argument parsing and school loading shared by the subcommands. */
#include "cli.h"

#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Does allowed name this option? *takes_value says whether it has '='. */
static bool allows(const char *allowed, const char *name, bool *takes_value)
{
    size_t length = strlen(name);
    for (const char *p = allowed; p && *p;) {
        const char *end = strchr(p, ',');
        size_t n = end ? (size_t)(end - p) : strlen(p);
        bool valued = n > 0 && p[n - 1] == '=';
        if ((valued ? n - 1 : n) == length && !strncmp(p, name, length)) {
            *takes_value = valued;
            return true;
        }
        p = end ? end + 1 : NULL;
    }
    return false;
}

static int find_option(const cli_args *args, const char *name)
{
    for (int i = args->n_options - 1; i >= 0; i--)
        if (!strcmp(args->names[i], name))
            return i;
    return -1;
}

const char *cli_value(const cli_args *args, const char *name)
{
    int i = find_option(args, name);
    return i >= 0 ? args->values[i] : NULL;
}

bool cli_flag(const cli_args *args, const char *name)
{
    return find_option(args, name) >= 0;
}

bool cli_number(const cli_args *args, const char *name, double min, double max, double *out)
{
    const char *text = cli_value(args, name);
    if (!text)
        return true;
    char *end = NULL;
    errno = 0;
    double value = strtod(text, &end);
    if (errno || end == text || *end || !isfinite(value) || value < min || value > max) {
        fprintf(stderr, "taplan: error: --%s takes a number between %g and %g\n", name, min, max);
        return false;
    }
    *out = value;
    return true;
}

bool cli_parse(int argc, char **argv, const char *allowed, int n_positional, const char *usage, cli_args *args)
{
    memset(args, 0, sizeof *args);
    for (int i = 0; i < argc; i++) {
        const char *arg = argv[i];
        const char *name = arg[0] == '-' && arg[1] ? arg + (arg[1] == '-' ? 2 : 1) : NULL;
        if (!name) {
            if (args->n_positional == n_positional)
                goto bad;
            args->positional[args->n_positional++] = arg;
            continue;
        }
        if (!strcmp(name, "output"))
            name = "o";
        bool takes_value = false;
        if (!allows(allowed, name, &takes_value)) {
            fprintf(stderr, "taplan: error: unknown option '%s'\n", arg);
            goto bad;
        }
        if (takes_value && i + 1 >= argc) {
            fprintf(stderr, "taplan: error: option '%s' needs a value\n", arg);
            goto bad;
        }
        if (args->n_options == CLI_MAX_OPTIONS) {
            fprintf(stderr, "taplan: error: too many options\n");
            goto bad;
        }
        args->names[args->n_options] = name;
        args->values[args->n_options++] = takes_value ? argv[++i] : NULL;
    }
    if (args->n_positional != n_positional)
        goto bad;
    args->output = cli_value(args, "o");
    args->quiet = cli_flag(args, "quiet");
    double work = 0;
    if (!cli_number(args, "time-limit", 1e-3, 86400, &args->time_limit_s) || !cli_number(args, "work", 1, 1e7, &work))
        goto bad;
    if (work != floor(work)) {
        fprintf(stderr, "taplan: error: --work takes a whole number of parts\n");
        goto bad;
    }
    args->work_parts = (int)work;
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

tap_status cli_gather_absences(const tap_school *school, const cli_args *args, tap_absences **out, tap_diags *diags)
{
    const char *file = cli_value(args, "absence");
    tap_status status = TAP_OK;
    if (file) {
        status = tap_absences_read(school, file, out, diags);
    } else {
        *out = tap_absences_create();
        status = *out ? TAP_OK : TAP_ENOMEM;
    }
    for (int i = 0; status == TAP_OK && i < args->n_options; i++)
        if (!strcmp(args->names[i], "absent"))
            status = tap_absences_parse(school, args->values[i], *out, diags);
    return status;
}
