/* zombie.c: a child that has exited is a zombie (Z, <defunct>) until its
 * parent waits for it: exit_notify() keeps its task_struct and exit status
 * for wait4() to collect, then release_task() frees it.
 *
 * Watch: the task tree shows the child as Z for five seconds, and
 *        ps -o pid,ppid,stat,args shows it [zombie] <defunct>.
 * Try:   kill -9 on the zombie (nothing happens: it is already dead);
 *        kill -STOP on the parent before the five seconds are up (the
 *        zombie stays until kill -CONT lets the parent wait). */
#include <stdio.h>
#include <unistd.h>
#include <sys/wait.h>

int main(void)
{
    int status;
    pid_t pid = fork();

    if (pid == 0) {
        printf("child: exiting with status 7\n");
        return 7;
    }
    sleep(5); /* the child is a zombie all this time */
    waitpid(pid, &status, 0);
    printf("parent: reaped the child, exit status %d\n", WEXITSTATUS(status));
    return 0;
}
