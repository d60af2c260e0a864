/* Copy-on-write after fork, for every kind of private memory: .data,
 * .bss, the stack, the heap, a big malloc block (its own mmap) and an
 * anonymous mapping; vfork and threads share the address space instead. */
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/wait.h>
#include <unistd.h>

int data = 1;
int bss;
int *heap, *big, *anon;

void show(const char *who, int stack)
{
    printf("%-14s data=%d bss=%d stack=%d heap=%d big=%d anon=%d\n", who, data, bss, stack, *heap, big[50000], anon[1000]);
}

void *thread(void *arg)
{
    data = 30;
    bss = 30;
    *heap = 30;
    return arg;
}

int main(void)
{
    int stack = 1;
    heap = malloc(sizeof(int));
    big = malloc(300000);
    anon = mmap(NULL, 8192, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    *heap = big[50000] = anon[1000] = 1;
    bss = 1;
    fflush(stdout);
    pid_t pid = fork();
    if (pid == 0) {
        data = bss = stack = *heap = big[50000] = anon[1000] = 2;
        show("fork child:", stack);
        free(big);             /* munmap in the child only */
        munmap(anon, 8192);
        exit(0);
    }
    waitpid(pid, NULL, 0);
    show("parent:", stack);
    /* The parent writes after the child is gone: its pages are its own again. */
    data = bss = stack = *heap = big[50000] = anon[1000] = 3;
    show("parent again:", stack);

    pid = vfork();
    if (pid == 0) {
        data = 20;             /* vfork: the same memory as the parent */
        bss = 20;
        _exit(0);
    }
    waitpid(pid, NULL, 0);
    show("after vfork:", stack);

    pthread_t t;
    pthread_create(&t, NULL, thread, NULL);
    pthread_join(t, NULL);
    show("after thread:", stack);
    return 0;
}
