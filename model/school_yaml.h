/* school_yaml.h - the school reader's steps, for readers that assemble a
 * school file's tree themselves (a scenario merges an option into its base
 * school before the school is built). tap_school_read does all of them. */
#ifndef TAP_SCHOOL_YAML_H
#define TAP_SCHOOL_YAML_H

#include "school.h"
#include "yaml_tree.h"

/* An empty school living in its own arena, school->file a copy of path;
 * NULL on exhausted memory. Free it with tap_school_destroy. */
tap_school *tap_school_shell(const char *path);

/* Fills school (from tap_school_shell, untouched so far) from root, a
 * school file's tree built with y, whose arena must be &school->arena so
 * that the school's text can point into the tree. Every problem is reported
 * through y. Returns TAP_OK, TAP_EINPUT or TAP_ENOMEM; the school is not yet
 * checked. */
tap_status tap_school_from_tree(tap_yaml_reader *y, const tap_yaml_node *root, tap_school *school);

/* True when key is a top-level key of the school file. */
bool tap_school_is_key(const char *key);

#endif
