// strtok (its static pointer), strtok_r (nested with two save pointers),
// strspn, strcspn: tokens, the NULs written into the line, the NULLs.
#include <stdio.h>
#include <string.h>

int main(void) {
    char line[] = "  ls -l,,/home//student  ";
    char *t;
    int n = 0;
    for (t = strtok(line, " ,/"); t; t = strtok(NULL, " ,/")) printf("[%s] ", t), n++;
    printf("%d tokens\n", n);
    printf("again: %p\n", (void *)strtok(NULL, " "));
    for (n = 0; n < (int)sizeof line - 1; n++) putchar(line[n] ? line[n] : '0');
    putchar('\n');

    char empty[] = ",,,";
    printf("only delimiters: %p\n", (void *)strtok(empty, ","));
    char none[] = "word";
    printf("no delimiter: %s\n", strtok(none, ""));

    char a[] = "a=1;b=2;c=3", *save1, *save2, *kv, *k;
    for (kv = strtok_r(a, ";", &save1); kv; kv = strtok_r(NULL, ";", &save1)) {
        k = strtok_r(kv, "=", &save2);
        printf("%s -> %s\n", k, strtok_r(NULL, "=", &save2));
    }
    printf("save1 at end: %d\n", *save1);
    printf("strspn %zu strcspn %zu %zu\n", strspn("aabbc", "ab"), strcspn("hello, world", " ,"), strcspn("abc", ""));
    return 0;
}
