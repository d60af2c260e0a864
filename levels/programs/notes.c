/* notes.c: a text editor with unsaved work. It sleeps until you type
 * something (here: until a signal comes), so it uses no CPU at all:
 * state S (interruptible sleep) in ps. */
#include <stdio.h>
#include <unistd.h>

int main(void)
{
    int unsaved_lines = 42;

    printf("notes: editing todo.txt (%d unsaved lines)\n", unsaved_lines);
    for (;;)
        pause();                /* wait for the next keystroke */
    return 0;
}
