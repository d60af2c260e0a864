/* More of C as gcc compiles it: compound assignment conversions, arrays
 * and pointers, string literals with NULs, function pointers, switch. */
#include <stdio.h>
#include <string.h>

int add(int a, int b) { return a + b; }
int sub(int a, int b) { return a - b; }
int fib(int n) { return n < 2 ? n : fib(n - 1) + fib(n - 2); }

const char *kind(int n)
{
    switch (n) {
    case 0: return "zero";
    case 1:
    case 2: return "small";
    default:
        if (n < 0) return "negative";
        break;
    case 10: return "ten";
    }
    return "big";
}

int main(void)
{
    unsigned char u = 250;
    u += 10;
    signed char sc = 100;
    sc += 100;
    short s = 32767;
    s++;
    unsigned short us = 0;
    us--;
    int i = 7;
    i *= -3;
    i %= 4;
    unsigned int ui = 7;
    ui -= 10;
    printf("u=%d sc=%d s=%d us=%d i=%d ui=%u\n", u, sc, s, us, i, ui);
    printf("(-7)>>1=%d (unsigned)-7>>1=%u -7/2u=%u -7%%3L=%ld\n", (-7) >> 1, (unsigned)-7 >> 1, -7 / 2u, -7 % 3L);
    int a[3][4];
    int r, c, k = 0;
    for (r = 0; r < 3; r++)
        for (c = 0; c < 4; c++) a[r][c] = k++;
    int *flat = &a[0][0];
    int (*row)[4] = a + 1;
    printf("a[1][2]=%d *(*(a+2)+1)=%d flat[7]=%d (*row)[3]=%d sizeof a=%zu a[0]=%zu\n", a[1][2], *(*(a + 2) + 1), flat[7], (*row)[3], sizeof a, sizeof a[0]);
    printf("&a[2][0]-&a[0][0]=%ld, (char*)(a+1)-(char*)a=%ld\n", (long)(&a[2][0] - &a[0][0]), (long)((char *)(a + 1) - (char *)a));
    printf("\"abc\"[1]=%c 2[\"abc\"]=%c strlen(\"ab\\0cd\")=%zu sizeof=%zu\n", "abc"[1], 2["abc"], strlen("ab\0cd"), sizeof "ab\0cd");
    char str[] = "hello";
    char *p = str;
    *p++ = 'J';
    printf("%s %c %c %ld\n", str, *p, *(p + 3), (long)(p - str));
    int (*ops[2])(int, int) = { add, sub };
    int (*op)(int, int) = &sub;
    printf("ops: %d %d %d, same function %d\n", ops[0](5, 3), ops[1](5, 3), (*op)(1, 10), op == ops[1]);
    printf("fib(20)=%d\n", fib(20));
    int vals[] = { 0, 1, 2, 10, -5, 99 };
    for (k = 0; k < 6; k++) printf("%d:%s ", vals[k], kind(vals[k]));
    printf("\n");
    int x = 0, y = 0;
    if (x++ || y++) printf("no\n");
    if (x++ && y++) printf("yes\n");
    printf("short circuit: x=%d y=%d\n", x, y);
    for (x = 0, y = 10; x < y; x += 3, y -= 3) ;
    printf("comma for: x=%d y=%d\n", x, y);
    k = 0;
    do k += 5; while (k < 12);
    printf("do-while: %d, nested ?: %s\n", k, k > 20 ? "big" : k > 10 ? "mid" : "small");
    int arr[5] = { 1, 2 };
    printf("partial init: %d %d %d, sizeof/sizeof: %zu\n", arr[1], arr[2], arr[4], sizeof arr / sizeof arr[0]);
    char buf[4] = "abc";
    printf("char buf: %s, last %d\n", buf, buf[3]);
    long big = 1L << 40;
    int trunc = (int)big;
    int *ip = (int *)0x1000;
    printf("trunc=%d, int* + 1 = %#lx, (char*) + 1 = %#lx\n", trunc, (long)(ip + 1), (long)((char *)ip + 1));
    return 0;
}
