/* glibc's rand() sequence, strtol's bases and errors, atoi, and the
 * string functions' return values. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <ctype.h>
#include <errno.h>

int main(void)
{
    int i;
    char *end;
    long v;
    printf("rand without srand:");
    for (i = 0; i < 4; i++) printf(" %d", rand());
    printf("\nsrand(1):");
    srand(1);
    for (i = 0; i < 4; i++) printf(" %d", rand());
    printf("\nsrand(42) %% 100:");
    srand(42);
    for (i = 0; i < 8; i++) printf(" %d", rand() % 100);
    printf("\nRAND_MAX %d\n", RAND_MAX);

    const char *tests[] = { "123", "  -42abc", "0x1F", "077", "0b11", "", "abc", "+7", "9999999999999999999999", "-9999999999999999999999", " 12 34" };
    int bases[] = { 10, 10, 0, 0, 0, 10, 10, 10, 10, 10, 10 };
    for (i = 0; i < 11; i++) {
        errno = 0;
        v = strtol(tests[i], &end, bases[i]);
        printf("strtol(\"%s\", %d) = %ld, rest \"%s\", errno %d\n", tests[i], bases[i], v, end, errno);
    }
    errno = 0;
    v = strtol("zz", &end, 36);
    printf("strtol zz base 36 = %ld; base 16 of \"ff\" = %ld; base 2 of \"1012\" = %ld\n", v, strtol("ff", NULL, 16), strtol("1012", NULL, 2));
    errno = 0;
    v = strtol("12", &end, 1);
    printf("base 1: %ld errno %s\n", v, strerror(errno));
    printf("strtoul(\"-1\") = %lu\n", strtoul("-1", NULL, 10));
    printf("atoi: %d %d %d %d\n", atoi("42"), atoi(" -17x"), atoi("x5"), atoi("2147483647"));
    printf("atol: %ld\n", atol("-9000000000"));
    printf("abs %d labs %ld\n", abs(-5), labs(-5000000000L));

    char s[32] = "hello";
    printf("strcat returns dest %d, \"%s\"\n", strcat(s, ", world") == s, s);
    printf("strcmp signs: %d %d %d\n", strcmp("a", "b") < 0, strcmp("b", "a") > 0, strcmp("abc", "abc"));
    printf("strncmp(\"abcd\", \"abcf\", 3) = %d\n", strncmp("abcd", "abcf", 3));
    printf("strchr offset %ld, strrchr offset %ld, strchr missing %d, strchr of NUL offset %ld\n",
           (long)(strchr(s, 'o') - s), (long)(strrchr(s, 'o') - s), strchr(s, 'z') == NULL, (long)(strchr(s, 0) - s));
    printf("strstr: \"%s\", empty needle same %d\n", strstr(s, "wor"), strstr(s, "") == s);
    char d[8];
    memset(d, 'x', sizeof d);
    strncpy(d, "ab", 5);
    printf("strncpy pads: %d %d %d %c\n", d[2], d[3], d[4], d[5]);
    memmove(s + 1, s, 5);
    printf("memmove overlap: %s\n", s);
    printf("memcmp sign %d, toupper %c, tolower %c, isdigit('5') %d, isspace('\\t') %d\n",
           memcmp("ab", "ac", 2) < 0, toupper('q'), tolower('Q'), isdigit('5') != 0, isspace('\t') != 0);
    return 0;
}
