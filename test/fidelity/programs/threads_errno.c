/* errno belongs to each thread; pthread_create and pthread_join return
 * error numbers instead of setting errno; a thread sees the process's
 * pid, parent and signal handlers. */
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <errno.h>
#include <unistd.h>

int thread_errno = -1;
pid_t thread_pid, thread_ppid;
int handled_in = 0;

void h(int s) { handled_in = gettid() == getpid() ? 1 : 2; }

void *worker(void *arg)
{
    errno = 0;
    kill(-99999, SIGTERM);     /* fails with ESRCH in this thread */
    thread_errno = errno;
    thread_pid = getpid();
    thread_ppid = getppid();
    raise(SIGUSR1);            /* raise signals the calling thread */
    return arg;
}

int main(void)
{
    pthread_t t;
    void *ret;
    signal(SIGUSR1, h);
    errno = EINTR;
    int r = pthread_create(&t, NULL, worker, (void *)5);
    printf("pthread_create returned %d\n", r);
    r = pthread_join(t, &ret);
    printf("pthread_join returned %d, value %ld\n", r, (long)ret);
    printf("thread errno: %s; main errno still: %s\n", strerror(thread_errno), strerror(errno));
    printf("same pid %d, same parent %d\n", thread_pid == getpid(), thread_ppid == getppid());
    printf("raise in the thread ran the handler in: %s\n", handled_in == 2 ? "the thread" : handled_in == 1 ? "main" : "nobody");
    errno = 0;
    r = pthread_join(pthread_self(), &ret);
    printf("join self: %d (%s), errno untouched %d\n", r, strerror(r), errno == 0);
    const char *a = strerror(EPERM), *b = strerror(ENOENT);
    printf("strerror: one string per errno %d, same string each time %d; two in one printf: %s / %s\n",
           a != b, a == strerror(EPERM), strerror(EAGAIN), strerror(ENOMEM));
    printf("unknown: %s\n", strerror(1000));
    return 0;
}
