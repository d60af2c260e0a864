/* flusher.c: a kernel thread that writes dirty pages back to disk, like
 * the kernel's writeback workers. `data` is the number of dirty pages.
 * It writes them back in batches, then sleeps until there is more work
 * or until someone calls kthread_stop() on it. It returns the number of
 * pages it wrote: that is what kthread_stop() returns to its caller. */
#include <linux/kthread.h>
#include <linux/sched.h>

#define BATCH 16        /* pages written back per round */

int flusher_thread(void *data)
{
    long dirty = (long)data;
    long written = 0;

    printk("flusher: %ld dirty pages to write back\n", dirty);
    for (;;) {
        if (kthread_should_stop())
            break;
        if (written < dirty) {
            written += BATCH;
            printk("flusher: wrote back %ld/%ld pages\n", written, dirty);
            msleep(300);                        /* wait for the disk */
            continue;
        }
        /* All clean: sleep until woken. Set the state before the last
         * check, so that a kthread_stop() in between is not lost. */
        set_current_state(TASK_INTERRUPTIBLE);
        if (kthread_should_stop()) {
            __set_current_state(TASK_RUNNING);
            break;
        }
        schedule();
    }
    printk("flusher: stopping, %ld pages written back\n", written);
    return written;
}
