/* resize.c: tonight's photo import. It needs an 8 MiB work buffer. */
#include <stdio.h>
#include <string.h>
#include <sys/mman.h>

#define WORK (8 << 20)

int main(void)
{
    char *work = mmap(NULL, WORK, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);

    if (work == MAP_FAILED) {
        perror("resize: mmap");
        return 1;
    }
    memset(work, 0xff, WORK);   /* decode the photos into it */
    printf("resize: imported tonight's photos\n");
    return 0;
}
