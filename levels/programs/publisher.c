/* publisher.c: three threads serve requests from one shared settings
 * page. The settings were written once at start; since then every thread
 * only reads them — but the page is still writable, and a stray write
 * from any thread would corrupt every reply. */
#include <pthread.h>
#include <stdio.h>
#include <unistd.h>

#define THREADS 3
#define SLOTS (PAGE_SIZE / sizeof(long))

long settings[SLOTS];           /* the shared settings: exactly one page */
long served[THREADS];           /* each thread's request counter (the next page) */

void *serve(void *arg)
{
    long id = (long)arg;
    long i = 0;
    long reply = 0;

    for (;;) {
        reply += settings[i % SLOTS];   /* read a setting, build a reply */
        i += 7;
        served[id]++;
    }
    return NULL;
}

int main(void)
{
    pthread_t threads[THREADS];
    long i;

    for (i = 0; i < SLOTS; i++)         /* write the settings once */
        settings[i] = i * 3 + 1;
    printf("publisher: settings at %p, %d threads serving\n", (void *)settings, THREADS);
    for (i = 1; i < THREADS; i++)
        pthread_create(&threads[i], NULL, serve, (void *)i);
    serve((void *)0);                   /* the main thread serves too */
    return 0;
}
