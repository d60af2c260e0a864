/* printf's flags when they meet: '-' beats '0', '+' beats ' ', a
 * precision turns '0' off, '#' with zero; and the size modifiers. */
#include <stdio.h>
#include <limits.h>
#include <stddef.h>
#include <stdint.h>

int main(void)
{
    printf("[%-05d] [%+ d] [% +d] [%08.3d] [%-8.3d] [%+.0d] [% .0d]\n", 42, 42, 42, 7, 7, 0, 0);
    printf("[%#.0o] [%#x] [%.0x] [%#.3x] [%#5.3o] [%#o] [%#X]\n", 0, 0, 0, 1, 8, 0, 0xab);
    printf("[%+x] [% u] [%X] [%o] [%zx] [%#lo]\n", 255, 7u, -1, -1, (size_t)-1, (long)-1);
    printf("[%lld] [%llu] [%jd] [%td] [%zd] [%hd] [%hhu]\n", LLONG_MIN, ULLONG_MAX, (intmax_t)-5, (ptrdiff_t)-6, (ssize_t)SSIZE_MAX, (short)-32768, (unsigned char)255);
    printf("[%10p] [%-10p|] [%p]\n", NULL, NULL, (void *)0x1234);
    printf("[%5s] [%-5s|] [%.0s] [%.4s] [%.2s] [%5s]\n", "", "", "gone", "naïve", "über", "ü");
    printf("[%%%d%%] [%c%c%c] [%-3c|] [%03c]\n", 50, 'a', 'b', 'c', 'z', 'q');
    printf("[%*.*d] [%-*.*s|] [%0*d]\n", 8, 4, 42, 6, 2, "abcdef", 5, -3);
    printf("[%u] [%d] [%ld] [%lu]\n", UINT_MAX, INT_MIN, LONG_MIN, ULONG_MAX);
    printf("[%x] [%lx] [%hx] [%hhx] [%llX]\n", INT_MIN, LONG_MIN, 0x12345, 0x1234, 0xfedcba9876543210ULL);
    printf("[%i] [%5i] [%-+5i|] [%.10i]\n", -0, 3, 3, -3);
    printf("[%5.0d] [%-5.0d|] [%+5.0d] [%05.0d]\n", 0, 0, 0, 0);
    return 0;
}
