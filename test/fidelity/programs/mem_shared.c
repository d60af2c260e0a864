/* Anonymous memory across fork: a MAP_SHARED page is one page for both
 * processes, a MAP_PRIVATE page is copied on write, and untouched pages
 * read as zeros. */
#include <stdio.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/wait.h>
#include <unistd.h>

int main(void)
{
    int *shared = mmap(NULL, 8192, PROT_READ | PROT_WRITE, MAP_SHARED | MAP_ANONYMOUS, -1, 0);
    int *private = mmap(NULL, 8192, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    long i, sum = 0;
    for (i = 0; i < 2048; i++)
        sum += shared[i] + private[i];
    printf("untouched pages sum to %ld\n", sum);
    shared[0] = 1;
    private[0] = 1;
    shared[1024] = 100;   /* second page */
    pid_t pid = fork();
    if (pid == 0) {
        shared[0] = 2;
        private[0] = 2;
        shared[1024]++;
        private[1024] = 7;  /* never touched by the parent */
        strcpy((char *)(shared + 10), "written by the child");
        printf("child:  shared=%d private=%d shared[1024]=%d private[1024]=%d\n", shared[0], private[0], shared[1024], private[1024]);
        _exit(0);
    }
    int status;
    waitpid(pid, &status, 0);
    printf("parent: shared=%d private=%d shared[1024]=%d private[1024]=%d\n", shared[0], private[0], shared[1024], private[1024]);
    printf("parent reads: %s\n", (char *)(shared + 10));

    /* A shared mapping survives munmap in the child; the parent still sees the child's last write. */
    pid = fork();
    if (pid == 0) {
        shared[2] = 42;
        munmap(shared, 8192);
        _exit(0);
    }
    waitpid(pid, &status, 0);
    printf("after the child's munmap: shared[2]=%d\n", shared[2]);

    /* Two children write the same shared counter in turn. */
    for (i = 0; i < 2; i++) {
        pid = fork();
        if (pid == 0) {
            shared[3] += 10;
            _exit(0);
        }
        waitpid(pid, &status, 0);
    }
    printf("counter after two children: %d\n", shared[3]);
    return 0;
}
