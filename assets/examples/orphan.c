/* orphan.c: a parent that exits before its child leaves an orphan, and
 * the kernel gives it a new parent: find_new_reaper() picks the nearest
 * ancestor that asked to be a subreaper, else init (PID 1), which reaps
 * it when it exits.
 *
 * Watch: the child moves under init in the task tree when its parent
 *        exits, a second after the fork; ps -o pid,ppid,comm before and
 *        after shows its PPID change.
 * Try:   prctl SHELL_PID subreaper on first (SHELL_PID: echo $$, or ps),
 *        then run it again: the shell adopts the orphan instead. */
#include <stdio.h>
#include <unistd.h>

int main(void)
{
    pid_t parent = getpid();

    if (fork() == 0) {
        sleep(3); /* by now the parent has exited */
        printf("child: adopted by a new parent: %s\n", getppid() != parent ? "yes" : "no");
        return 0;
    }
    sleep(1); /* time to see the child's PPID: this process */
    printf("parent: exiting, my child runs on\n");
    return 0;
}
