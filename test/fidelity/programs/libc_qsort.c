// qsort: glibc's merge sort keeps equal keys in their order, calls the
// comparator in its order (printed), sorts elements over 32 bytes through
// pointers, and takes 0 or 1 elements without a call.
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

struct rec { int key; int id; };
static int ncmp;
static int bykey(const void *a, const void *b) {
    const struct rec *x = a, *y = b;
    ncmp++;
    return x->key - y->key;
}
static int rev(const void *a, const void *b) {
    return *(const int *)b - *(const int *)a;
}
struct big { int key; char pad[40]; int id; };
static int bigkey(const void *a, const void *b) {
    const struct big *x = a, *y = b;
    return (x->key > y->key) - (x->key < y->key);
}
static int trace(const void *a, const void *b) {
    int x = *(const char *)a, y = *(const char *)b;
    printf("%c%c ", x, y);
    return x - y;
}

int main(void) {
    struct rec r[10];
    int i;
    for (i = 0; i < 10; i++) { r[i].key = (i * 7) % 4; r[i].id = i; }
    qsort(r, 10, sizeof r[0], bykey);
    for (i = 0; i < 10; i++) printf("%d:%d ", r[i].key, r[i].id);
    printf("(%d comparisons)\n", ncmp);

    char s[] = "mergesort";
    qsort(s, strlen(s), 1, trace);
    printf("\n%s\n", s);

    write(1, "big\n", 4);
    int *v = malloc(1000 * sizeof *v);
    for (i = 0; i < 1000; i++) v[i] = (i * 37) % 1000;
    qsort(v, 1000, sizeof *v, rev);
    printf("%d %d %d %d\n", v[0], v[1], v[500], v[999]);
    qsort(v, 1000, sizeof *v, rev);

    struct big b[40];
    for (i = 0; i < 40; i++) { b[i].key = i % 3; b[i].id = i; }
    qsort(b, 40, sizeof b[0], bigkey);
    for (i = 0; i < 40; i++) printf("%d", b[i].id % 10);
    printf("\n");
    qsort(v, 0, sizeof *v, rev);
    qsort(v, 1, sizeof *v, rev);
    return 0;
}
