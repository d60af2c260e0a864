/* Bad memory accesses end in SIGSEGV: a write to a string literal
 * (read-only .rodata), to a PROT_READ page, to an unmapped page, through
 * NULL, a read of a PROT_NONE page. A handler that gives the page the
 * right it lacked lets the faulting store run again and succeed. */
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/mman.h>
#include <sys/wait.h>
#include <unistd.h>

char *page;
int faults;

void fix(int sig)
{
    faults++;
    /* stdio is not async-signal-safe: write(2) only */
    write(1, "handler: SIGSEGV, making the page writable\n", 43);
    mprotect(page, 4096, PROT_READ | PROT_WRITE);
}

void try(const char *what, int how)
{
    fflush(stdout);
    pid_t pid = fork();
    if (pid == 0) {
        char *p = mmap(NULL, 4096, PROT_READ, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
        char *s = "literal";
        volatile char c;
        if (how == 0) s[0] = 'L';
        if (how == 1) p[10] = 1;
        if (how == 2) { munmap(p, 4096); c = p[0]; }
        if (how == 3) { int *n = NULL; *n = 1; }
        if (how == 4) { mprotect(p, 4096, PROT_NONE); c = p[0]; }
        if (how == 5) c = p[100];
        _exit(0);
    }
    int status;
    waitpid(pid, &status, 0);
    if (WIFSIGNALED(status))
        printf("%-26s killed by signal %d (%s)\n", what, WTERMSIG(status), WTERMSIG(status) == SIGSEGV ? "SIGSEGV" : "?");
    else
        printf("%-26s exit %d\n", what, WEXITSTATUS(status));
}

int main(void)
{
    try("write to a string literal", 0);
    try("write to PROT_READ", 1);
    try("read after munmap", 2);
    try("write through NULL", 3);
    try("read of PROT_NONE", 4);
    try("read of PROT_READ", 5);

    page = mmap(NULL, 4096, PROT_READ, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    signal(SIGSEGV, fix);
    page[7] = 'x';
    printf("after the handler: page[7]=%c, %d fault(s)\n", page[7], faults);
    page[8] = 'y';
    printf("second write: %d fault(s)\n", faults);
    return 0;
}
