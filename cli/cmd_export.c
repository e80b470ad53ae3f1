/* cmd_export.c - `taplan export`: the plan as spreadsheets (CSV) and as
 * one calendar per adult (iCalendar). */
#include <stdio.h>

#include "cli.h"

int cmd_export(int argc, char **argv)
{
    (void)argc, (void)argv;
    fputs("taplan: error: export is not built yet\n", stderr);
    return EXIT_BAD_INPUT;
}
