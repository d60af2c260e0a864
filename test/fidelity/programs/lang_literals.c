/* The type C gives an integer constant decides its size and signedness. */
#include <stdio.h>

enum colour { RED, GREEN = 5, BLUE, LAST = -1 };

int main(void)
{
    printf("sizeof 2147483647 %zu, 2147483648 %zu, 0x7fffffff %zu, 0x80000000 %zu, 0xffffffff %zu, 4294967296 %zu\n",
           sizeof 2147483647, sizeof 2147483648, sizeof 0x7fffffff, sizeof 0x80000000, sizeof 0xffffffff, sizeof 4294967296);
    printf("sizeof 1u %zu, 1l %zu, 1ul %zu, 'x' %zu, (char)1 %zu, 1 ? 1 : 1L %zu\n", sizeof 1u, sizeof 1l, sizeof 1ul, sizeof 'x', sizeof((char)1), sizeof (1 ? 1 : 1L));
    printf("-0xffffffff = %u, -2147483648 > 0: %d, -0x80000000 > 0: %d\n", -0xffffffff, -2147483648 > 0, -0x80000000 > 0);
    printf("-1 > sizeof(int): %d, -1 < (int)sizeof(int): %d\n", -1 > sizeof(int), -1 < (int)sizeof(int));
    printf("077777777777 = %ld, 0x1p: %d, '\\377' = %d, '\\0' = %d, 'ab' = %d\n", 077777777777, 0x1f, '\377', '\0', 'ab');
    printf("enum: RED %d GREEN %d BLUE %d LAST %d sizeof %zu\n", RED, GREEN, BLUE, LAST, sizeof(enum colour));
    printf("10 / 3 * 3 = %d, 10 %% 3 = %d, -10 / 3 = %d, 10 / -3 = %d, -10 %% -3 = %d\n", 10 / 3 * 3, 10 % 3, -10 / 3, 10 / -3, -10 % -3);
    printf("0x7fffffff + 1L = %ld, 0xffffffffu + 1 = %u, 0xffffffff + 1L = %ld\n", 0x7fffffff + 1L, 0xffffffffu + 1, 0xffffffff + 1L);
    printf("(unsigned char)0x1ff = %d, (signed char)0x80 = %d, (short)0x8000 = %d, (unsigned short)-1 = %d\n", (unsigned char)0x1ff, (signed char)0x80, (short)0x8000, (unsigned short)-1);
    printf("1000000 * 1000000 as long = %ld, 1000000L * 1000000 = %ld\n", (long)(1000000L * 1000000), 1000000L * 1000000);
    printf("\"\\x41\\102\\n\" has %zu bytes; \"a\" \"b\" \"c\" = %s\n", sizeof "\x41\102\n", "a" "b" "c");
    return 0;
}
