/* Process groups and sessions: setpgid, getpgrp, getpgid, setsid, kill(0) and kill(-pgid). */
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <errno.h>
#include <unistd.h>
#include <sys/wait.h>

int main(int argc, char **argv)
{
    int st, r;
    pid_t me = getpid(), c, c2;
    if (argc > 1) { pause(); return 0; }
    printf("getpgrp()==getpgid(0): %d\n", getpgrp() == getpgid(0));
    r = getpgid(999999);
    printf("getpgid(no such): %d %s\n", r, strerror(errno));
    r = setpgid(-1, 0);
    printf("setpgid(-1): %d %s\n", r, strerror(errno));
    r = setpgid(0, -1);
    printf("setpgid(0,-1): %d %s\n", r, strerror(errno));
    r = setpgid(999999, 0);
    printf("setpgid(no such): %d %s\n", r, strerror(errno));

    c = fork();
    if (c == 0) { pause(); _exit(0); }
    printf("child starts in my group: %d\n", getpgid(c) == getpgrp());
    r = setpgid(c, c);
    printf("setpgid(child, child): %d now leader: %d\n", r, getpgid(c) == c);
    r = setpgid(c, 0);
    printf("setpgid(child, 0): %d\n", r);
    r = setpgid(c, getpgrp());
    printf("back to my group: %d %d\n", r, getpgid(c) == getpgrp());
    c2 = fork();
    if (c2 == 0) { setsid(); pause(); _exit(0); }
    usleep(100000);
    r = setpgid(c2, c2);
    printf("setpgid(child in another session): %d %s\n", r, strerror(errno));
    r = setpgid(c, c2);
    printf("join a group of another session: %d %s\n", r, strerror(errno));
    printf("getsid(child) is the child: %d\n", getsid(c2) == c2);
    kill(c2, SIGKILL);
    waitpid(c2, &st, 0);

    /* a group leader cannot setsid */
    c2 = fork();
    if (c2 == 0) {
        setpgid(0, 0);
        r = setsid();
        printf("leader setsid: %d %s\n", r, strerror(errno));
        fflush(stdout);
        _exit(0);
    }
    waitpid(c2, &st, 0);

    kill(c, SIGKILL);
    waitpid(c, &st, 0);

    /* a child that exec'd cannot be moved */
    c = fork();
    if (c == 0) { execl(argv[0], argv[0], "pause", NULL); _exit(127); }
    usleep(200000);
    r = setpgid(c, c);
    printf("setpgid(child after exec): %d %s\n", r, strerror(errno));
    kill(c, SIGKILL);
    waitpid(c, &st, 0);

    /* kill(0): every member of my group, me included */
    signal(SIGUSR2, SIG_IGN);
    c = fork();
    if (c == 0) { signal(SIGUSR2, SIG_DFL); pause(); _exit(0); }
    usleep(100000);
    r = kill(0, SIGUSR2);
    waitpid(c, &st, 0);
    printf("kill(0, USR2): %d, child killed by %d\n", r, WTERMSIG(st));

    /* kill(-pgid) reaches a whole group, not me */
    c = fork();
    if (c == 0) { setpgid(0, 0); if (fork() == 0) { pause(); _exit(0); } pause(); _exit(0); }
    usleep(100000);
    r = kill(-c, SIGTERM);
    waitpid(c, &st, 0);
    printf("kill(-pgid): %d leader sig %d\n", r, WTERMSIG(st));
    r = kill(-1 * 999999, SIGTERM);
    printf("kill(-no such): %d %s\n", r, strerror(errno));
    r = kill(me, 99);
    printf("kill(bad signal): %d %s\n", r, strerror(errno));
    return 0;
}
