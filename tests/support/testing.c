/* testing.c - see testing.h. */
#define _GNU_SOURCE /* popen-free spawning is overkill here: system() suffices */
#include "testing.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>

const char *test_data(const char *name)
{
    static char path[4096];
    snprintf(path, sizeof path, "%s/%s", TAP_TEST_DATA, name);
    return path;
}

tap_school *test_load_school(const char *name)
{
    tap_diags diags = {0};
    tap_school *school = NULL;
    tap_status status = tap_school_read(test_data(name), &school, &diags);
    if (status == TAP_OK)
        status = tap_school_check(school, &diags);
    if (status != TAP_OK) {
        tap_diags_print(&diags, stderr);
        tap_diags_clear(&diags);
        tap_school_destroy(&school);
        fail_msg("school %s did not load", name);
    }
    tap_diags_clear(&diags);
    return school;
}

tap_scenario *test_load_scenario(const char *name)
{
    tap_scenario *scenario = tap_scenario_create();
    assert_non_null(scenario);
    tap_diags diags = {0};
    tap_status status = tap_scenario_read(scenario, test_data(name), &diags);
    if (status != TAP_OK) {
        tap_diags_print(&diags, stderr);
        tap_diags_clear(&diags);
        tap_scenario_destroy(&scenario);
        fail_msg("scenario %s did not load", name);
    }
    tap_diags_clear(&diags);
    return scenario;
}

char *test_school_errors(const char *name)
{
    tap_diags diags = {0};
    tap_school *school = NULL;
    tap_status status = tap_school_read(test_data(name), &school, &diags);
    if (status == TAP_OK)
        status = tap_school_check(school, &diags);
    tap_school_destroy(&school);
    assert_int_not_equal(status, TAP_OK);
    char *text = NULL;
    size_t length = 0;
    FILE *stream = open_memstream(&text, &length);
    assert_non_null(stream);
    tap_diags_print(&diags, stream);
    fclose(stream);
    tap_diags_clear(&diags);
    return text;
}

char *test_strip_folder(char *text, const char *folder)
{
    size_t n = strlen(folder);
    for (char *at = strstr(text, folder); n && at; at = strstr(at, folder)) {
        if (at[n] != '/') {
            at += n;
            continue;
        }
        memmove(at, at + n + 1, strlen(at + n + 1) + 1);
    }
    return text;
}

char *test_diags_text(tap_diags *diags)
{
    char *text = NULL;
    size_t length = 0;
    FILE *stream = open_memstream(&text, &length);
    assert_non_null(stream);
    tap_diags_print(diags, stream);
    fclose(stream);
    tap_diags_clear(diags);
    return test_strip_folder(text, TAP_TEST_DATA);
}

char *test_read_file(const char *path)
{
    FILE *file = fopen(path, "rb");
    if (!file)
        return NULL;
    char *text = NULL;
    size_t length = 0;
    FILE *stream = open_memstream(&text, &length);
    char buffer[65536];
    size_t n;
    while ((n = fread(buffer, 1, sizeof buffer, file)) > 0)
        fwrite(buffer, 1, n, stream);
    fclose(stream);
    fclose(file);
    return text;
}

char *test_scratch_dir(void)
{
    char template[] = "/tmp/taplan-test-XXXXXX";
    char *dir = mkdtemp(template);
    assert_non_null(dir);
    return strdup(dir);
}

int test_scratch_remove(char *dir)
{
    char command[4200];
    snprintf(command, sizeof command, "rm -rf %s", dir);
    int rc = system(command);
    free(dir);
    return rc == 0 ? 0 : -1;
}

char *test_scratch;

int test_scratch_setup(void **state)
{
    (void)state;
    test_scratch = test_scratch_dir();
    return 0;
}

int test_scratch_teardown(void **state)
{
    (void)state;
    int rc = test_scratch_remove(test_scratch);
    test_scratch = NULL;
    return rc;
}

const char *test_path(const char *dir, const char *name)
{
    static char paths[4][4096];
    static int next;
    char *path = paths[next++ % 4];
    snprintf(path, sizeof paths[0], "%s/%s", dir, name);
    return path;
}

/* Runs the command line "PROGRAM ARGS" (program may be NULL), ARGS
 * formatted from format and list. */
static int shell_formatted(char **out, char **err, const char *program, const char *format, va_list list)
{
    char line[12288];
    int n = program ? snprintf(line, sizeof line, "%s ", program) : 0;
    if (n < 0 || (size_t)n >= sizeof line)
        n = 0;
    vsnprintf(line + n, sizeof line - (size_t)n, format, list);
    return test_shell(line, out, err);
}

int test_shell_f(char **out, char **err, const char *format, ...)
{
    va_list list;
    va_start(list, format);
    int status = shell_formatted(out, err, NULL, format, list);
    va_end(list);
    return status;
}

int test_runf(char **out, char **err, const char *format, ...)
{
    va_list list;
    va_start(list, format);
    int status = shell_formatted(out, err, TAP_BIN, format, list);
    va_end(list);
    return status;
}

int test_run(const char *args, char **out, char **err)
{
    return test_runf(out, err, "%s", args);
}

int test_shell(const char *command_line, char **out, char **err)
{
    char *dir = test_scratch_dir();
    char command[16384];
    snprintf(command, sizeof command, "%s >%s/out 2>%s/err </dev/null", command_line, dir, dir);
    int status = system(command);
    char path[4200];
    if (out) {
        snprintf(path, sizeof path, "%s/out", dir);
        *out = test_read_file(path);
    }
    if (err) {
        snprintf(path, sizeof path, "%s/err", dir);
        *err = test_read_file(path);
    }
    snprintf(command, sizeof command, "rm -rf %s", dir);
    if (system(command) != 0)
        fprintf(stderr, "could not remove %s\n", dir);
    free(dir);
    return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
}

