/* file.c - bounded whole-file reads and all-or-nothing writes (temporary
 * file in the target's folder, mode 0600, flushed, then renamed). */
#include "file.h"

#include <errno.h>
#include <fcntl.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

tap_status tap_file_read(const char *path, size_t max_bytes, char **data, size_t *length, tap_diags *diags)
{
    *data = NULL;
    *length = 0;
    tap_pos where = {path, 0, 0};
    FILE *file = fopen(path, "rb");
    if (!file) {
        tap_diags_add(diags, where, "cannot open: %s", strerror(errno));
        return TAP_EIO;
    }
    struct stat info;
    if (fstat(fileno(file), &info) == 0 && S_ISDIR(info.st_mode)) {
        tap_diags_add(diags, where, "cannot read: it is a folder");
        fclose(file);
        return TAP_EIO;
    }
    /* Reading one byte past the bound tells a file of exactly max_bytes
     * from a larger one without trusting a size that may change. */
    size_t limit = max_bytes < SIZE_MAX - 1 ? max_bytes + 1 : max_bytes;
    size_t capacity = limit < 65536 ? limit : 65536, used = 0;
    char *buffer = malloc(capacity + 1);
    tap_status status = buffer ? TAP_OK : TAP_ENOMEM;
    while (status == TAP_OK) {
        if (used == capacity) {
            if (capacity == limit)
                break;
            capacity = capacity > limit / 2 ? limit : capacity * 2;
            char *bigger = realloc(buffer, capacity + 1);
            if (!bigger) {
                status = TAP_ENOMEM;
                break;
            }
            buffer = bigger;
        }
        size_t n = fread(buffer + used, 1, capacity - used, file);
        used += n;
        if (n == 0) {
            if (ferror(file)) {
                tap_diags_add(diags, where, "cannot read: %s", strerror(errno));
                status = TAP_EIO;
            }
            break;
        }
    }
    fclose(file);
    if (status == TAP_OK && used > max_bytes) {
        tap_diags_add(diags, where, "the file is larger than %zu bytes", max_bytes);
        status = TAP_EINPUT;
    }
    if (status != TAP_OK) {
        free(buffer);
        return status;
    }
    buffer[used] = '\0';
    *data = buffer;
    *length = used;
    return TAP_OK;
}

/* Writes all of data to fd; 0 or the first errno. */
static int write_all(int fd, const char *data, size_t length)
{
    for (size_t done = 0; done < length;) {
        ssize_t written = write(fd, data + done, length - done);
        if (written < 0 && errno == EINTR)
            continue;
        if (written <= 0)
            return written < 0 ? errno : EIO;
        done += (size_t)written;
    }
    return 0;
}

/* A stream such as /dev/null, /dev/stdout or a pipe is written as it is:
 * there is nothing a rename could protect, and renaming over a device node
 * would replace the device itself. */
static tap_status write_stream(const char *path, const char *data, size_t length, tap_diags *diags)
{
    tap_pos where = {path, 0, 0};
    int fd = open(path, O_WRONLY);
    int error = fd < 0 ? errno : write_all(fd, data, length);
    if (fd >= 0 && close(fd) != 0 && !error)
        error = errno;
    if (error)
        tap_diags_add(diags, where, "cannot write: %s", strerror(error));
    return error ? TAP_EIO : TAP_OK;
}

tap_status tap_file_write_atomic(const char *path, const char *data, size_t length, tap_diags *diags)
{
    tap_pos where = {path, 0, 0};
    struct stat info;
    if (stat(path, &info) == 0 && !S_ISREG(info.st_mode)) {
        if (S_ISCHR(info.st_mode) || S_ISFIFO(info.st_mode))
            return write_stream(path, data, length, diags);
        tap_diags_add(diags, where, "cannot write: not a regular file");
        return TAP_EIO;
    }
    size_t n = strlen(path);
    char *temporary = malloc(n + 16);
    if (!temporary)
        return TAP_ENOMEM;
    snprintf(temporary, n + 16, "%s.tmp.XXXXXX", path);
    int fd = mkstemp(temporary); /* creates the file with mode 0600 */
    if (fd < 0) {
        tap_diags_add(diags, where, "cannot create a file beside it: %s", strerror(errno));
        free(temporary);
        return TAP_EIO;
    }
    /* The first failure's errno is the one worth reporting: close and
     * unlink may overwrite it. */
    int error = 0;
    if (fchmod(fd, S_IRUSR | S_IWUSR) != 0)
        error = errno;
    if (!error)
        error = write_all(fd, data, length);
    if (!error && fsync(fd) != 0)
        error = errno;
    if (close(fd) != 0 && !error)
        error = errno;
    if (!error && rename(temporary, path) != 0)
        error = errno;
    bool ok = !error;
    if (!ok) {
        tap_diags_add(diags, where, "cannot write: %s", strerror(error));
        unlink(temporary);
    }
    free(temporary);
    return ok ? TAP_OK : TAP_EIO;
}

tap_status tap_file_make_dir(const char *path, tap_diags *diags)
{
    tap_pos where = {path, 0, 0};
    struct stat info;
    if (stat(path, &info) == 0) {
        if (S_ISDIR(info.st_mode))
            return TAP_OK;
        tap_diags_add(diags, where, "exists and is not a folder");
        return TAP_EIO;
    }
    if (mkdir(path, S_IRWXU) != 0) {
        tap_diags_add(diags, where, "cannot make the folder: %s", strerror(errno));
        return TAP_EIO;
    }
    return TAP_OK;
}

tap_status tap_file_write_in_dir(const char *dir, const char *name, const char *data, size_t length,
                                 tap_diags *diags)
{
    size_t n = strlen(dir) + strlen(name) + 2;
    char *path = malloc(n);
    if (!path)
        return TAP_ENOMEM;
    snprintf(path, n, "%s/%s", dir, name);
    tap_diags local = {0};
    tap_status status = tap_file_write_atomic(path, data, length, &local);
    for (int k = 0; k < local.n_items; k++)
        tap_diags_add(diags, (tap_pos){dir, 0, 0}, "%s: %s", name, local.items[k].message);
    tap_diags_clear(&local);
    free(path);
    return status;
}
