// The system's own programs, in kernlab C: /sbin/init, /bin/bash and the
// bodies of the kernel threads started at boot. They are part of the
// kernel image here, so a machine boots without reading any file.

/**
 * /sbin/init and the console's /bin/bash. Real init and bash do much more;
 * what matters here is what they do with children: init adopts orphans and
 * reaps them, and bash reaps the jobs it started, both from a SIGCHLD
 * handler. Like an interactive bash, both ignore the signals that would
 * otherwise stop or end them by accident (kill 0 from the console), and
 * bash catches SIGINT.
 */
export const REAPER_C = `/* A reaper: what PID 1 does for orphans. */
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

void reap(int sig)
{
    /* One SIGCHLD may stand for several children: reap them all. */
    while (waitpid(-1, NULL, WNOHANG) > 0)
        ;
}

int main(void)
{
    /* init has no use for these. */
    signal(SIGTERM, SIG_IGN);
    signal(SIGQUIT, SIG_IGN);
    signal(SIGTSTP, SIG_IGN);
    signal(SIGTTIN, SIG_IGN);
    signal(SIGTTOU, SIG_IGN);
    signal(SIGCHLD, reap);
    for (;;)
        pause();
    return 0;
}
`;

export const SHELL_C = `/* The login shell: bash reaps its jobs, and takes note of their stops and continues. */
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

void reap(int sig)
{
    /* One SIGCHLD may stand for several children: reap them all (bash's waitchld). */
    while (waitpid(-1, NULL, WNOHANG | WUNTRACED | WCONTINUED) > 0)
        ;
}

/* bash's sigint_sighandler: a ^C at the prompt only abandons the line typed. */
void interrupt(int sig)
{
}

int main(void)
{
    /* An interactive shell catches SIGINT and ignores these (bash(1), SIGNALS). */
    signal(SIGINT, interrupt);
    signal(SIGTERM, SIG_IGN);
    signal(SIGQUIT, SIG_IGN);
    signal(SIGTSTP, SIG_IGN);
    signal(SIGTTIN, SIG_IGN);
    signal(SIGTTOU, SIG_IGN);
    signal(SIGCHLD, reap);
    for (;;)
        pause();
    return 0;
}
`;

/** Bodies of the boot kernel threads (linux: kernel/kthread.c, kernel/smpboot.c, kernel/workqueue.c). */
export const KTHREADS_C = `/* Kernel threads started at boot. Each sleeps until it has work; on an
   idle machine they sleep, as they do here. */
#define TASK_IDLE 0x0402

/* kthreadd (PID 2): forks every other kernel thread on request. */
int kthreadd(void *unused)
{
    for (;;) {
        set_current_state(TASK_INTERRUPTIBLE);
        schedule();
    }
    return 0;
}

/* cpuhp/N, migration/N, ksoftirqd/N: per-CPU threads. */
int smpboot_thread_fn(void *data)
{
    while (!kthread_should_stop()) {
        set_current_state(TASK_INTERRUPTIBLE);
        schedule();
    }
    return 0;
}

/* Housekeeping threads, each asleep in its own loop until it has work
   (ps shows that function as its wchan): kdevtmpfs, khungtaskd,
   oom_reaper, kswapd0, kcompactd0. */
int sleep_until_stopped(void)
{
    while (!kthread_should_stop()) {
        set_current_state(TASK_INTERRUPTIBLE);
        schedule();
    }
    return 0;
}

int devtmpfs_work_loop(void *data) { return sleep_until_stopped(); }
int watchdog(void *data) { return sleep_until_stopped(); }
int oom_reaper(void *data) { return sleep_until_stopped(); }
int kswapd(void *data) { return sleep_until_stopped(); }
int kcompactd(void *data) { return sleep_until_stopped(); }

/* kworker/N:M: workqueue workers, idle in TASK_IDLE ("I" in ps). */
int worker_thread(void *data)
{
    while (!kthread_should_stop()) {
        set_current_state(TASK_IDLE);
        schedule();
    }
    return 0;
}
`;
