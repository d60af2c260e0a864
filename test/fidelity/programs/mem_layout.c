/* Where things live, as relations that hold under ASLR: code, then
 * read-only data, .data, .bss, the heap, mmap'ed memory, the stack at the
 * top; the stack grows down; identical string literals are one object;
 * a char array initialised from a literal is a writable copy. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sys/mman.h>

int inited = 5;
int zeroed;
const int konst = 7;

long depth_addr(int n, long prev, int *down)
{
    int local = n;
    if (prev) *down = *down && (long)&local < prev;
    if (n == 0) return (long)&local;
    return depth_addr(n - 1, (long)&local, down);
}

int counter(void)
{
    static int calls;
    return ++calls;
}

int sizeof_param(int a[10]) { return sizeof a; }

int main(void)
{
    int local;
    const char *lit = "literal";
    char *heap = malloc(16);
    char *map = mmap(NULL, 4096, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    int down = 1;
    int arr[10];
    printf("text < rodata %d\n", (long)main < (long)lit);
    printf("rodata < data %d, const global with the literals (below .data) %d\n", (long)lit < (long)&inited, (long)&konst < (long)&inited);
    printf("data < bss %d\n", (long)&inited < (long)&zeroed);
    printf("bss < heap %d, heap below the break %d\n", (long)&zeroed < (long)heap, heap < (char *)sbrk(0));
    printf("heap < mmap %d\n", (long)heap < (long)map);
    printf("mmap < stack %d\n", (long)map < (long)&local);
    depth_addr(5, 0, &down);
    printf("each call's locals are below its caller's: %d\n", down);
    printf("same literal, same address: %d\n", lit == "literal");
    char copy[] = "literal";
    copy[0] = 'L';
    printf("array copy on the stack: %s, literal untouched: %s, different object %d\n", copy, lit, copy != lit);
    printf("static local keeps its value: %d %d %d\n", counter(), counter(), counter());
    printf("sizeof: array %zu, array parameter %d, string literal %zu, pointer to it %zu\n", sizeof arr, sizeof_param(arr), sizeof "literal", sizeof lit);
    printf("globals start zeroed: %d, initialised: %d\n", zeroed, inited);
    printf("page size %ld, mmap page-aligned %d, malloc 16-aligned %d\n", (long)getpagesize(), ((long)map & 4095) == 0, ((long)heap & 15) == 0);
    char *p1 = malloc(1), *p24 = malloc(24), *p25 = malloc(25), *p40 = malloc(40);
    printf("chunk sizes: malloc(1) %ld, malloc(24) %ld, malloc(25) %ld\n", (long)(p24 - p1), (long)(p25 - p24), (long)(p40 - p25));
    char *z = malloc(0);
    printf("malloc(0) is a unique pointer: %d\n", z != NULL && z != p40);
    free(NULL);
    printf("free(NULL) is fine\n");
    return 0;
}
