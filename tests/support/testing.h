/* testing.h - helpers shared by the cmocka suites: load a school from
 * tests/data, run the built taplan program, make scratch folders. */
#ifndef TAP_TESTING_H
#define TAP_TESTING_H

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "model/scenario.h"
#include "model/school.h"

/* Path of a file under tests/data (static buffer, valid until next call). */
const char *test_data(const char *name);

/* Reads and checks tests/data/NAME; fails the test on any diagnostic. */
tap_school *test_load_school(const char *name);

/* Reads tests/data/NAME as a scenario; fails the test on any diagnostic. */
tap_scenario *test_load_scenario(const char *name);

/* Reads and checks tests/data/NAME expecting failure; returns the
 * diagnostics printed as text (malloc'd, caller frees). */
char *test_school_errors(const char *name);

/* Runs `taplan ARGS` through the shell; captures stdout and stderr into
 * malloc'd strings (either pointer may be NULL to discard). Returns the exit
 * status. */
int test_run(const char *args, char **out, char **err);

/* Runs a whole shell command line the same way (e.g. a script of the
 * repository). */
int test_shell(const char *command_line, char **out, char **err);

/* test_shell with the command line formatted printf-style. */
int test_shell_f(char **out, char **err, const char *format, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 3, 4)))
#endif
    ;

/* test_run with the arguments formatted printf-style. */
int test_runf(char **out, char **err, const char *format, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 3, 4)))
#endif
    ;

/* Prints diags as taplan does and clears them; returns the text
 * (malloc'd) with every occurrence of the tests/data folder taken out, so
 * that lines read "NAME:LINE:COLUMN: error: ...". */
char *test_diags_text(tap_diags *diags);

/* Removes every occurrence of "FOLDER/" from text, in place; returns text. */
char *test_strip_folder(char *text, const char *folder);

/* A new private scratch folder (malloc'd path). */
char *test_scratch_dir(void);

/* Removes a scratch folder and everything in it, and frees its path.
 * Returns 0 on success, -1 otherwise (a cmocka teardown's result). */
int test_scratch_remove(char *dir);

/* A scratch folder for a whole suite: pass these two to
 * cmocka_run_group_tests, and find files with test_scratch_path. */
extern char *test_scratch;
int test_scratch_setup(void **state);
int test_scratch_teardown(void **state);
#define test_scratch_path(name) test_path(test_scratch, name)

/* DIR/NAME in one of four static buffers used in turn, so that one call
 * may take several paths. */
const char *test_path(const char *dir, const char *name);

/* Contents of a file (malloc'd), or NULL. */
char *test_read_file(const char *path);

#endif
