/* What a user (not root) may signal, and setpgid's rules.
 * Run as a normal user: as root every kill below succeeds. */
#include <stdio.h>
#include <signal.h>
#include <string.h>
#include <errno.h>
#include <unistd.h>
#include <sys/wait.h>

void try(const char *what, int r)
{
    if (r < 0)
        printf("%-24s -1 %s\n", what, strerror(errno));
    else
        printf("%-24s %d\n", what, r != 0);
}

int main(void)
{
    try("kill(1, SIGTERM)", kill(1, SIGTERM));
    try("kill(1, 0)", kill(1, 0));
    try("kill(2, SIGTERM)", kill(2, SIGTERM));
    try("kill(self, 0)", kill(getpid(), 0));
    try("kill(self, 99)", kill(getpid(), 99));
    try("setpgid(0, 1)", setpgid(0, 1));
    try("setpgid(0, 99999)", setpgid(0, 99999));
    try("setpgid(1, 0)", setpgid(1, 0));
    pid_t c = fork();
    if (c == 0) {
        pause();
        _exit(0);
    }
    try("setpgid(child, child)", setpgid(c, c));
    try("setpgid(child, mine)", setpgid(c, getpgrp()));
    try("kill(-child group, 0)", kill(-c, 0));
    try("kill(child, SIGKILL)", kill(c, SIGKILL));
    waitpid(c, NULL, 0);
    c = fork();
    if (c == 0) {
        try("child setsid() == pid", setsid() == getpid());
        try("child setsid() again", setsid());
        try("child setpgid(0, 0)", setpgid(0, 0));
        _exit(0);
    }
    waitpid(c, NULL, 0);
    return 0;
}
