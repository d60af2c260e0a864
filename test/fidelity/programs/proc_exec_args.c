/* execve passes exactly the argv and envp it is given: argc counts argv,
 * argv[argc] is NULL, environ is the new envp. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sys/wait.h>

extern char **environ;

int main(int argc, char **argv, char **envp)
{
    int i;
    if (argc > 1 && strcmp(argv[1], "child") == 0) {
        printf("argc %d, argv[argc] NULL %d\n", argc, argv[argc] == NULL);
        for (i = 1; i < argc; i++) printf("argv[%d] = [%s]\n", i, argv[i]);
        for (i = 0; environ[i]; i++) printf("environ[%d] = [%s]\n", i, environ[i]);
        printf("envp == environ %d\n", envp == environ);
        printf("getenv FOO [%s], EMPTY [%s], PATH %s\n", getenv("FOO"), getenv("EMPTY"), getenv("PATH") ? "set" : "unset");
        printf("getenv(\"FOO=bar\") %s\n", getenv("FOO=bar") ? "found" : "NULL");
        return 0;
    }
    char *args[] = { argv[0], "child", "two words", "", "-x", NULL };
    char *env[] = { "FOO=bar", "EMPTY=", "NOEQUALS", "FOO=second", NULL };
    fflush(stdout);
    pid_t c = fork();
    if (c == 0) {
        execve(argv[0], args, env);
        perror("execve");
        _exit(127);
    }
    int st;
    waitpid(c, &st, 0);
    c = fork();
    if (c == 0) {
        char *none[] = { NULL };
        char *a2[] = { argv[0], "child", NULL };
        execve(argv[0], a2, none);
        _exit(127);
    }
    waitpid(c, &st, 0);
    printf("status %d\n", WEXITSTATUS(st));
    return 0;
}
