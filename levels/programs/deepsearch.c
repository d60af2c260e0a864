/* deepsearch.c: a puzzle solver that searches depth-first, 600 moves
 * deep, one stack frame per move (a 2 KB frame: about 1.2 MB of stack).
 * Each search runs in a child process, so a crash costs one attempt.
 *
 * Its scratch arena (the opening book, used while loading) is reserved
 * with PROT_NONE close below the stack -- "good for the cache" -- and
 * committed on first touch by a SIGSEGV handler, as garbage collectors
 * do. Once the book is loaded, the arena is never touched again.
 * TODO: munmap the arena after loading. */
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/mman.h>
#include <sys/wait.h>
#include <unistd.h>

#define ARENA_SIZE (64 * PAGE_SIZE)     /* 256 KiB */
#define ARENA_BELOW 0x180000            /* 1.5 MiB below the stack */
#define MOVES 600
#define FRAME 2000

char *arena;

/* First touch of the reserved arena: commit it, and retry the access. */
void commit_arena(int sig)
{
    mprotect(arena, ARENA_SIZE, PROT_READ | PROT_WRITE);
}

long search(long move)
{
    char board[FRAME];                  /* this move's board */

    board[0] = move & 127;
    board[FRAME - 1] = 1;
    if (move % 100 == 0) {
        printf("deepsearch: move %ld\n", move);
        usleep(50000);
    }
    if (move < MOVES)
        return search(move + 1) + board[0];
    return board[0];
}

int main(void)
{
    char here;
    unsigned long near_stack = ((unsigned long)&here & ~(unsigned long)(PAGE_SIZE - 1)) - ARENA_BELOW;
    pid_t child;
    int status;
    int attempt;
    long i;

    arena = mmap((void *)near_stack, ARENA_SIZE, PROT_NONE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    signal(SIGSEGV, commit_arena);
    for (i = 0; i < ARENA_SIZE; i += PAGE_SIZE)
        arena[i] = 1;                   /* load the opening book */
    signal(SIGSEGV, SIG_DFL);
    printf("deepsearch: book loaded in the arena at %p\n", arena);

    for (attempt = 1;; attempt++) {
        child = fork();
        if (child == 0) {
            search(1);
            printf("deepsearch: search complete, %d moves deep\n", MOVES);
            exit(0);
        }
        waitpid(child, &status, 0);
        if (WIFEXITED(status) && WEXITSTATUS(status) == 0)
            break;
        printf("deepsearch: attempt %d crashed (signal %d), retrying in 1 s\n", attempt, WTERMSIG(status));
        sleep(1);
    }
    for (;;)
        pause();                        /* serve the solution */
    return 0;
}
