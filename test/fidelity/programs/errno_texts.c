/* strerror() and perror() texts for every errno value (glibc's wording),
 * and the name kernlab C defines for each. */
#include <errno.h>
#include <stdio.h>
#include <string.h>

int main(void)
{
    int e;
    for (e = 0; e <= 134; e++)
        printf("%3d %s\n", e, strerror(e));
    printf("%d %d %d %d\n", EAGAIN == EWOULDBLOCK, EDEADLK == EDEADLOCK, ENOTSUP == EOPNOTSUPP, EHWPOISON);
    errno = 0;
    perror("errno 0");
    errno = ENOTRECOVERABLE;
    perror("errno 131");
    return 0;
}
