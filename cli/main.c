/* main.c - stub until the subcommands land. */
#include <stdio.h>
int main(void)
{
    fputs("taplan: not built yet\n", stderr);
    return 1;
}
