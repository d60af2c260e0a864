/* stdio's small calls: what they print and return. */
#include <stdio.h>
#include <string.h>
#include <errno.h>
#include <unistd.h>

int main(void)
{
    int r;
    errno = ENOENT;
    perror("with a prefix");
    errno = EACCES;
    perror("");
    errno = 0;
    perror(NULL);
    r = puts("");
    printf("puts(\"\") = %d\n", r >= 0);
    r = putchar('A');
    printf(" putchar returns %d\n", r);
    r = putchar(256 + 'B');
    printf(" putchar(256+'B') returns %d\n", r);
    r = fputs("fputs", stdout);
    printf(" returns nonnegative %d\n", r >= 0);
    r = fputc('C', stdout);
    printf(" fputc returns %d\n", r);
    r = fprintf(stdout, "%s", "fprintf");
    printf(" returns %d\n", r);
    r = fprintf(stderr, "to stderr\n");
    printf("fprintf(stderr) returns %d\n", r);
    printf("buffered, then fflush(NULL) ");
    r = fflush(NULL);
    write(1, "[write]", 7);
    printf(" fflush(NULL) = %d\n", r);
    printf("buffered, then fflush(stdout) ");
    fflush(stdout);
    write(1, "[write]\n", 8);
    printf("EOF = %d, BUFSIZ = %d\n", EOF, BUFSIZ);
    printf("errno %%m: ");
    errno = EPIPE;
    printf("%m\n");
    return 0;
}
