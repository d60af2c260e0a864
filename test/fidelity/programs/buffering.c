/* stdio buffering and fork: on a terminal stdout is line-buffered, so a
 * line ended with \n is written before the fork and printed once, while
 * text without \n is still in the buffer and printed by both. */
#include <stdio.h>
#include <unistd.h>
#include <sys/wait.h>

int main(void)
{
    printf("once\n");
    printf("twice ");
    if (fork() == 0) {
        printf("(child)\n");
        return 0;
    }
    wait(NULL);
    printf("(parent)\n");
    return 0;
}
