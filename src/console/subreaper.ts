// PR_SET_CHILD_SUBREAPER applied from the console. The same steps the
// prctl system call takes (src/kernel/syscalls.ts), for a process that is
// not the caller. linux: kernel/sys.c prctl_set_child_subreaper... (in
// Linux: PR_SET_CHILD_SUBREAPER sets signal->is_child_subreaper and marks
// every existing descendant's signal->has_child_subreaper).

import type { Kernel } from '../kernel/kernel';
import type { TaskStruct } from '../kernel/task';

/** Sets or clears the subreaper flag of process `p`. */
export function setChildSubreaper(k: Kernel, p: TaskStruct, on: boolean): void {
  p.signal.isChildSubreaper = on;
  if (on) {
    const stack = [...p.children];
    while (stack.length) {
      const c = stack.pop()!;
      c.signal.hasChildSubreaper = true;
      stack.push(...c.children);
    }
  }
  k.events.emit({ type: 'subreaper', pid: p.tgid, on });
}
