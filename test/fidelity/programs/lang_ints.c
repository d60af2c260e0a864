/* C's integer rules as gcc on x86-64 applies them: sizes, signed char,
 * truncating division, conversions, promotions and shifts. */
#include <stdio.h>
#include <limits.h>
#include <stdint.h>

int main(void)
{
    char c = 200;
    unsigned char uc = 300;
    short sh = 70000;
    int i = -7;
    unsigned u = -1;
    long l = -1;
    int arr[10];
    int *p = arr + 7;

    printf("sizeof char %zu short %zu int %zu long %zu long long %zu ptr %zu arr %zu\n",
           sizeof(char), sizeof(short), sizeof(int), sizeof(long), sizeof(long long), sizeof(int *), sizeof arr);
    printf("char 200 = %d, unsigned char 300 = %d, short 70000 = %d\n", c, uc, sh);
    printf("-7/2 = %d, -7%%2 = %d, 7/-2 = %d, 7%%-2 = %d\n", i / 2, i % 2, 7 / -2, 7 % -2);
    printf("unsigned -1 = %u, %x; long -1 = %ld, %lx, %lu\n", u, u, l, l, (unsigned long)l);
    printf("-1 < 0u: %d, -1 < 0L: %d, (unsigned char)-1 > 0: %d\n", -1 < 0u, -1 < 0L, (unsigned char)-1 > 0);
    printf("INT_MAX + 1u = %u, (int)(INT_MAX + 1u) = %d\n", INT_MAX + 1u, (int)(INT_MAX + 1u));
    printf("UINT_MAX + 1 = %u, ULONG_MAX + 1 = %lu\n", UINT_MAX + 1, ULONG_MAX + 1);
    printf("-8 >> 1 = %d, 1 << 31 = %d, 1u << 31 = %u, 1L << 40 = %ld\n", -8 >> 1, 1 << 31, 1u << 31, 1L << 40);
    printf("~0 = %d, ~0u = %u, !5 = %d, !!5 = %d, -(-128) as char = %d\n", ~0, ~0u, !5, !!5, (char)-(-128));
    printf("'a' + 1 = %d, sizeof('a') = %zu, sizeof(c + c) = %zu\n", 'a' + 1, sizeof('a'), sizeof(c + c));
    printf("pointer difference %ld, p[-2] at offset %ld bytes\n", (long)(p - arr), (long)((char *)&p[-2] - (char *)arr));
    printf("int8_t 127+1 = %d, uint16_t 65535+1 = %d, int64_t min = %ld\n", (int8_t)(127 + 1), (uint16_t)(65535 + 1), (int64_t)INT64_MIN);
    printf("0x10 = %d, 010 = %d, 0b101 = %d, '\\n' = %d, '\\x41' = %c, '\\101' = %c\n", 0x10, 010, 0b101, '\n', '\x41', '\101');
    printf("3 > 2 > 1 = %d, (5, 6) = %d, 7 & 3 | 8 ^ 1 = %d\n", 3 > 2 > 1, (5, 6), 7 & 3 | 8 ^ 1);
    int x = 5;
    int y = x++ + ++x;
    printf("x = %d, y = %d\n", x, y);
    unsigned long big = 4000000000u;
    int trunc = (int)big;
    printf("(int)4000000000 = %d, 4000000000u * 2 = %u, 4000000000ul * 2 = %lu\n", trunc, 4000000000u * 2, big * 2);
    printf("LONG_MIN = %ld, LONG_MAX = %ld, -LONG_MAX - 1 == LONG_MIN %d\n", LONG_MIN, LONG_MAX, -LONG_MAX - 1 == LONG_MIN);
    printf("SIZE_MAX %zu, INT32_MIN %d, UINT8_MAX %d, INT16_MAX %d, UINT64_MAX %lx\n", SIZE_MAX, INT32_MIN, UINT8_MAX, INT16_MAX, UINT64_MAX);
    return 0;
}
