/* exec of a directory fails with EACCES (it is not a regular file), of a
 * path that is not there with ENOENT, and of a path through a missing
 * directory with ENOENT too. */
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

void try(const char *path)
{
    errno = 0;
    int r = execl(path, "x", (char *)0);
    printf("%-16s %d %s\n", path, r, strerror(errno));
}

int main(void)
{
    try("/etc");
    try("/tmp");
    try("/usr/bin");
    try("/home");
    try("/tmp/");
    try("/no/such");
    try("/etc/no/such");
    try("/tmp/nothing");
    return 0;
}
