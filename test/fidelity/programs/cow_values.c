/* fork copies the address space: each side sees its own writes. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sys/wait.h>

int global = 1;

int main(void)
{
    int local = 10;
    char *heap = malloc(64);
    strcpy(heap, "parent");
    pid_t pid = fork();
    if (pid == 0) {
        global = 2;
        local = 20;
        strcpy(heap, "child");
        printf("child:  global=%d local=%d heap=%s\n", global, local, heap);
        return 0;
    }
    waitpid(pid, NULL, 0);
    printf("parent: global=%d local=%d heap=%s\n", global, local, heap);
    return 0;
}
