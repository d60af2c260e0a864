/* hog.c: two children that never sleep: each wants a CPU all the time,
 * until their parent kills them. The scheduler (CFS) runs a CPU's
 * runnable tasks in turn, the one with the least vruntime first; a
 * task's vruntime grows more slowly the greater its weight (nice 0:
 * 1024, nice 5: 335), so it gets a greater share.
 *
 * Watch: the CPUs pane (or ps -o pid,psr,pcpu,comm): each hog on a CPU
 *        of its own, at 100%.
 * Try:   taskset -p 1 PID for each hog (the two R in ps): they take
 *        turns on cpu0; then renice 5 -p PID on one: its share drops to
 *        a quarter (top -b -n 2 -d 1 -p PID,PID: the second frame). */
#include <stdio.h>
#include <signal.h>
#include <unistd.h>
#include <sys/wait.h>

#define SECONDS 45

int main(void)
{
    pid_t hog[2];

    for (int i = 0; i < 2; i++) {
        hog[i] = fork();
        if (hog[i] == 0)
            for (;;)
                ; /* no system call, no sleep: always runnable */
    }
    printf("two hogs, for %d s\n", SECONDS);
    sleep(SECONDS);
    for (int i = 0; i < 2; i++) {
        kill(hog[i], SIGKILL);
        waitpid(hog[i], NULL, 0);
    }
    printf("both hogs killed\n");
    return 0;
}
