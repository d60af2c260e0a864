// Limits and constants of the simulated machine, in one place (as xv6's param.h).

export const NR_CPUS = 64; // most CPUs a machine may have (--cpus 1..64)
export const DEFAULT_CPUS = 4; // CPUs when a level or the command line says nothing

export const HZ = 1000; // ticks per simulated second: one tick is 1 ms
export const USER_HZ = 100; // the clock-tick unit user space sees (clock_t: /proc times, si_utime)
export const NSEC_PER_TICK = 1_000_000; // 1 ms
export const STMTS_PER_TICK = 1000; // mini-C statements a CPU runs per tick: one statement costs 1 µs
export const NSEC_PER_STMT = NSEC_PER_TICK / STMTS_PER_TICK;
// Within a tick the CPUs take turns, none more than this far ahead of the
// others, so what runs at the same time on several CPUs interleaves as it
// would (a child that starts on another CPU runs while its parent goes on).
export const CPU_QUANTUM_NS = 20_000; // 20 statements
// execve up to main(): the kernel's exec (~100 µs) and ld.so mapping libc,
// relocating and running its constructors (~300 µs): ~400 µs measured on
// the reference machine (Linux 6.x, glibc 2.36), charged to the new image.
export const EXEC_COST_NS = 400_000;
// A task woken onto an idle CPU by another CPU starts after the IPI and the
// CPU's exit from idle: on the reference machine a forked child starts
// ~70 µs after fork returned in its parent, which runs on meanwhile.
export const IDLE_WAKE_LATENCY_NS = 50_000;

export const PID_MAX_DEFAULT = 32768; // linux: include/linux/threads.h PID_MAX_DEFAULT
export const PID_MAX_LIMIT = 4 * 1024 * 1024; // 4 million, the 64-bit ceiling of pid_max
export const RESERVED_PIDS = 300; // linux: kernel/pid.c; after a wrap, allocation restarts here
export const PID_MAX_MIN = RESERVED_PIDS + 1; // smallest pid_max kernlab accepts (Linux: 301)

export const PAGE_SHIFT = 12;
export const PAGE_SIZE = 4096; // 4 KiB pages, x86-64
export const DEFAULT_MEMORY_MIB = 256; // physical memory when a level says nothing
export const DEFAULT_TLB_ENTRIES = 64; // per-CPU TLB entries (the L1 dTLB of many x86 cores)
export const MAX_MAP_COUNT = 65530; // linux: vm.max_map_count default (DEFAULT_MAX_MAP_COUNT)
export const STACK_RLIMIT = 8 * 1024 * 1024; // RLIMIT_STACK soft limit, 8 MiB
export const NOFILE_RLIMIT = 1024; // RLIMIT_NOFILE soft limit (systemd's default): descriptors are 0 ... 1023
export const THREAD_SIZE = 16 * 1024; // kernel stack size on x86-64

export const TASK_COMM_LEN = 16; // comm holds 15 characters and a NUL

// CFS, linux: kernel/sched/fair.c (values for one CPU; Linux scales them by
// 1 + ilog2(ncpus), which kernlab does too).
export const SYSCTL_SCHED_LATENCY_NS = 6_000_000; // targeted preemption latency
export const SYSCTL_SCHED_MIN_GRANULARITY_NS = 750_000; // minimum slice
export const SYSCTL_SCHED_WAKEUP_GRANULARITY_NS = 1_000_000; // wakeup preemption granularity
export const SCHED_NR_LATENCY = 8; // latency / min_granularity
export const NICE_0_LOAD = 1024; // weight of a nice-0 task
export const BALANCE_INTERVAL_TICKS = 4; // periodic load balance, per CPU, in ticks

export const EVENT_RING_SIZE = 4096; // recent kernel events kept for the panes and goals
