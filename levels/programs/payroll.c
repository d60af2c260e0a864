/* payroll.c: this month's payroll. It computes each department in a
 * child process (fork, then wait), and must finish all of them. When
 * fork fails it reports the error and tries again a second later. */
#include <stdio.h>
#include <stdlib.h>
#include <sys/wait.h>
#include <unistd.h>

#define NDEPTS 5

char *depts[NDEPTS] = { "engineering", "sales", "support", "finance", "facilities" };

/* Child: compute one department's payslips. */
void compute(int d)
{
    usleep(150000);
    exit(0);
}

int main(void)
{
    int d = 0;
    int status;
    pid_t pid;

    printf("payroll: loading employee records...\n");
    sleep(3);
    while (d < NDEPTS) {
        pid = fork();
        if (pid < 0) {
            perror("payroll: fork");
            sleep(1);
            continue;                   /* same department, again */
        }
        if (pid == 0)
            compute(d);
        waitpid(pid, &status, 0);
        printf("payroll: %s done (worker %d)\n", depts[d], pid);
        d++;
    }
    printf("payroll: all %d departments paid\n", NDEPTS);
    return 0;
}
