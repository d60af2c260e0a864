/* printf's conversions, flags, widths and precisions, glibc's output. */
#include <stdio.h>
#include <string.h>
#include <limits.h>

int main(void)
{
    char buf[16];
    int n;
    printf("[%d] [%5d] [%-5d] [%05d] [%+d] [% d] [%+05d] [%.3d] [%8.3d] [%-8.3d|]\n", 42, 42, 42, 42, 42, 42, 42, 7, 7, 7);
    printf("[%d] [%5d] [%05d] [%+d] [% d] [%.0d] [%.0d]\n", -42, -42, -42, -42, -42, 0, 1);
    printf("[%x] [%X] [%#x] [%#X] [%#o] [%o] [%#x] [%#o] [%08x] [%#08x]\n", 255, 255, 255, 255, 8, 8, 0, 0, 255, 255);
    printf("[%u] [%i] [%lu] [%ld] [%lld] [%llx] [%zu] [%zd]\n", 3000000000u, -5, ULONG_MAX, LONG_MIN, -1LL, -1LL, (size_t)7, (ssize_t)-7);
    printf("[%hhd] [%hhu] [%hd] [%hu] [%hhx]\n", 300, -1, 70000, -1, 0x1ff);
    printf("[%c] [%3c] [%-3c|] [%c]\n", 'A', 'B', 'C', 65 + 256);
    printf("[%s] [%8s] [%-8s|] [%.2s] [%8.2s] [%-8.2s|] [%.*s] [%*s] [%-*s|]\n", "hello", "hi", "hi", "hello", "hello", "hello", 3, "hello", 6, "x", 4, "y");
    printf("[%s]\n", (char *)NULL);
    printf("[%p] [%5%] [%%]\n", NULL);
    printf("[%*d] [%-*d] [%.*d]\n", -6, 1, 3, 2, -1, 5);
    printf("%s%n|", "abc", &n);
    printf(" n=%d\n", n);
    n = snprintf(buf, sizeof buf, "%s-%d", "a long string indeed", 12345);
    printf("snprintf returns %d, kept [%s] (%zu chars)\n", n, buf, strlen(buf));
    n = snprintf(NULL, 0, "%d", -1234567);
    printf("snprintf(NULL, 0) returns %d\n", n);
    n = sprintf(buf, "%x|%o", 4096, 4096);
    printf("sprintf returns %d: %s\n", n, buf);
    n = printf("%s\n", "counted");
    printf("printf returned %d\n", n);
    n = puts("puts");
    printf("puts returned %d (nonnegative)\n", n >= 0);
    printf("[%5.1s] [%.0s] [%-+5d] [%+-5d] [% -5d|] [%#5x] [%-#5o|]\n", "abc", "abc", 3, 3, 3, 31, 8);
    printf("[%ld] [%lx] [%lX] [%#lo]\n", 1L << 53, 1UL << 63, 0xdeadbeefcafeUL, 0777UL);
    return 0;
}
