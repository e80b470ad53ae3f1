/* file.h - whole-file reads with a size bound, and all-or-nothing writes. */
#ifndef TAP_FILE_H
#define TAP_FILE_H

#include <stddef.h>

#include "diag.h"

#define TAP_FILE_MAX_BYTES (16u << 20) /* no school or plan file is larger */

/* Reads the whole file into a NUL-terminated malloc'd buffer (*data, freed
 * by the caller) of *length bytes. Files over max_bytes are refused. Errors
 * are added to diags located at the file. */
tap_status tap_file_read(const char *path, size_t max_bytes, char **data, size_t *length, tap_diags *diags);

/* Writes data to a temporary file beside path with mode 0600, flushes it and
 * renames it over path: the file is written completely or not at all. */
tap_status tap_file_write_atomic(const char *path, const char *data, size_t length, tap_diags *diags);

/* Makes the folder (mode 0700) unless it exists; an existing path that is
 * not a folder is an error. */
tap_status tap_file_make_dir(const char *path, tap_diags *diags);

/* Writes data atomically as file name inside folder dir (see
 * tap_file_write_atomic); a failure is reported at dir, naming the file,
 * so that the diagnostic needs no path that outlives the call. */
tap_status tap_file_write_in_dir(const char *dir, const char *name, const char *data, size_t length,
                                 tap_diags *diags);

#endif
