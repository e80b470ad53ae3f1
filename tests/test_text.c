/* test_text.c - the text buffer: text survives growth intact, the bound
 * fails the whole document rather than cutting it, an empty buffer hands
 * over an empty string. */
#include <stdlib.h>
#include <string.h>

#include "base/text.h"
#include "support/testing.h"

static void test_text_grows_and_keeps_every_byte(void **state)
{
    (void)state;
    tap_text text = tap_text_empty(0);
    for (int i = 0; i < 2000; i++)
        tap_text_printf(&text, "%04d,", i); /* 10,000 bytes: several doublings */
    tap_text_put(&text, "end");
    char *data = NULL;
    size_t length = 0;
    assert_int_equal(tap_text_finish(&text, &data, &length), TAP_OK);
    assert_int_equal(length, 10003);
    assert_int_equal(strlen(data), 10003);
    assert_memory_equal(data, "0000,0001,", 10);
    assert_memory_equal(data + 4095, "0819,08", 7); /* across the first growth */
    assert_string_equal(data + 9995, "1999,end");
    free(data);
}

static void test_bound_fails_the_whole_text(void **state)
{
    (void)state;
    tap_text text = tap_text_empty(8);
    tap_text_put(&text, "12345678");
    tap_text_printf(&text, "%d", 9);
    tap_text_put(&text, "later appends change nothing");
    char *data = (char *)"untouched";
    size_t length = 99;
    assert_int_equal(tap_text_finish(&text, &data, &length), TAP_ENOMEM);
    assert_null(data);
    assert_int_equal(length, 0);
    /* exactly at the bound is fine */
    text = tap_text_empty(8);
    tap_text_printf(&text, "%s", "12345678");
    assert_int_equal(tap_text_finish(&text, &data, &length), TAP_OK);
    assert_string_equal(data, "12345678");
    free(data);
}

static void test_empty_text_is_an_empty_string(void **state)
{
    (void)state;
    tap_text text = tap_text_empty(0);
    char *data = NULL;
    size_t length = 1;
    assert_int_equal(tap_text_finish(&text, &data, &length), TAP_OK);
    assert_string_equal(data, "");
    assert_int_equal(length, 0);
    free(data);
    tap_text_free(NULL);
}

/* An open gap never reads as 0: below what the digits show it is "under"
 * their least step; a closed one is 0. */
static void test_gap_percent(void **state)
{
    (void)state;
    char text[24];
    tap_gap_percent(0.1234, 2, text, sizeof text);
    assert_string_equal(text, "12.34%");
    tap_gap_percent(0.0004, 1, text, sizeof text);
    assert_string_equal(text, "under 0.1%");
    tap_gap_percent(8e-8, 2, text, sizeof text);
    assert_string_equal(text, "under 0.01%");
    tap_gap_percent(0.00006, 2, text, sizeof text); /* 0.006% shows as 0.01% */
    assert_string_equal(text, "0.01%");
    tap_gap_percent(0.0, 2, text, sizeof text);
    assert_string_equal(text, "0.00%");
    tap_gap_percent(1.0, 1, text, sizeof text);
    assert_string_equal(text, "100.0%");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_text_grows_and_keeps_every_byte),
        cmocka_unit_test(test_bound_fails_the_whole_text),
        cmocka_unit_test(test_empty_text_is_an_empty_string),
        cmocka_unit_test(test_gap_percent),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
