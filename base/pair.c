/* pair.c - see pair.h. */
#include "pair.h"

#include <pthread.h>
#include <stdbool.h>

void tap_pair_run(void *(*work)(void *), void *first, void *second)
{
    pthread_t helper;
    bool threaded = pthread_create(&helper, NULL, work, second) == 0;
    work(first);
    if (threaded)
        pthread_join(helper, NULL);
    else
        work(second); /* no thread to be had: one after the other */
}
