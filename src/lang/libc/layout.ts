// Layout of libc's writable data (its .data and .bss) at Image.libcDataBase.
// Everything glibc keeps in static storage lives here, in simulated memory,
// so that fork copies it (copy-on-write) exactly as it copies glibc's: the
// stdio FILE objects, malloc's state, the rand() state, environ, the main
// thread's descriptor.

/** Bytes the loader must map for libc's data (Image.libcDataSize). */
export const LIBC_DATA_SIZE = 0x3000;

// FILE objects (struct _IO_FILE, reduced to the fields stdio uses).
export const STDIN_FILE = 0x000;
export const STDOUT_FILE = 0x040;
export const STDERR_FILE = 0x080;
export const FILE_SIZE = 0x40;
export const F_FLAGS = 0; // u32: _IO_* flags below
export const F_FILENO = 4; // i32: file descriptor
export const F_BUF_BASE = 8; // u64: _IO_buf_base (malloc'ed buffer), 0 until first output
export const F_BUF_END = 16; // u64: _IO_buf_end
export const F_WRITE_BASE = 24; // u64: _IO_write_base
export const F_WRITE_PTR = 32; // u64: _IO_write_ptr
export const F_WRITE_END = 40; // u64: _IO_write_end
export const F_MODE = 48; // i32: orientation: 0 none yet, -1 byte (set by the first output)

// glibc's _IO_FILE flag bits (libio/libio.h).
export const IO_UNBUFFERED = 0x0002;
export const IO_NO_WRITES = 0x0008;
export const IO_ERR_SEEN = 0x0020;
export const IO_LINE_BUF = 0x0200;
export const IO_CURRENTLY_PUTTING = 0x0800;
export const IO_USER_BUF = 0x0001;

// malloc's state (struct malloc_state of the main arena, reduced).
export const MALLOC = 0x0c0;
export const M_INIT = 0; // u32: ptmalloc_init done
export const M_TOP = 8; // u64: the top chunk
export const M_HEAP_START = 16; // u64: first chunk (the tcache_perthread_struct)
export const M_FREE = 24; // u64: head of the address-ordered free list of large chunks
export const M_MMAP_THRESHOLD = 32; // u64: mp_.mmap_threshold (0 = default 128 KiB)
export const M_TRIM_THRESHOLD = 40; // u64: mp_.trim_threshold (0 = default 128 KiB)
export const M_TCACHE_KEY = 48; // u64: tcache_key (getrandom'ed on the first malloc)
export const M_SYSTEM_MEM = 56; // u64: bytes obtained with brk
export const M_NMMAPS = 64; // u64: live mmapped chunks

export const CURBRK = 0x140; // u64: __curbrk (sbrk's cache of the break)
export const ENVIRON = 0x148; // u64: __environ
export const NTHREADS = 0x150; // u32: __nptl_nthreads
export const EMPTY_STR = 0x158; // "" (the empty path newfstatat is given)
export const RAND_STATE = 0x160; // 31 x int32: random_r's state (TYPE_3)
export const RAND_F = 0x1dc; // u32: fptr index
export const RAND_R = 0x1e0; // u32: rptr index
export const RAND_INIT = 0x1e4; // u32: state seeded
export const STRERROR_BUF = 0x200; // 64 bytes: strerror's result for an unknown errno
export const INITIALIZED = 0x240; // u32: libc start-up done in this image
export const MULTI_THREADED = 0x244; // u32: !__libc_single_threaded (the first pthread_create ran late_init)
export const PROGNAME = 0x250; // u64: __progname (program_invocation_short_name): basename of argv[0]
export const STACK_CACHE = 0x260; // u32 count, then u64 stack mappings of joined threads (glibc's stack cache)
export const STACK_CACHE_MAX = 8;
export const STACK_USED = 0x2b0; // u32 count, then u64 stack mappings of threads not yet joined (glibc's stack_used)
export const STACK_USED_MAX = 64;
// atexit's list (glibc: stdlib/exit.h, cxa_atexit.c): __exit_funcs points to
// the newest block of 32 entries, `initial` (static) or calloc'ed ones.
export const EXIT_FUNCS = 0x4c0; // u64: __exit_funcs
export const EXIT_STATUS = 0x4c8; // i32: the status exit() was given, while its handlers run
export const EXIT_INITIAL = 0x500; // struct exit_function_list initial (1040 bytes, to 0x910)
export const EFL_NEXT = 0; // u64: older block
export const EFL_IDX = 8; // u64: entries in use
export const EFL_FNS = 16; // struct exit_function[32], EF_SIZE each
export const EFL_ENTRIES = 32; // entries of a block
export const EFL_SIZE = 16 + 32 * 32; // sizeof (struct exit_function_list)
export const EF_SIZE = 32; // long flavor; then the function and its argument
export const EF_FLAVOR = 0;
export const EF_FN = 8; // the handler
export const EF_ARG = 16; // its argument (NULL for atexit), then __dso_handle
export const EF_CXA = 4; // ef_cxa: registered with __cxa_atexit (atexit is one)
export const EF_FREE = 0; // ef_free: called (or never used)
export const STRTOK_OLDS = 0x918; // u64: strtok's static olds (where the next call goes on)
export const QSORT_PHYS_PAGES = 0x910; // u64: qsort's static phys_pages (a quarter of sysconf (_SC_PHYS_PAGES)), 0 until asked

// The main thread's descriptor (struct pthread); tid at the same offset as glibc's.
export const MAIN_PD = 0x1000;
export const PD_SIZE = 0x340;
export const PD_TID = 0x2d0; // i32: the kernel writes it (CLONE_CHILD_SETTID, CLONE_PARENT_SETTID) and clears it at exit
export const PD_ROBUST_HEAD = 0x2e0; // struct robust_list_head (24 bytes), registered with set_robust_list
export const PD_RESULT = 0x300; // u64: the thread's return value
export const PD_START = 0x308; // u64: start routine
export const PD_ARG = 0x310; // u64: its argument
export const PD_SIGMASK = 0x318; // u64: signal mask to restore in the new thread
export const PD_STACKBLOCK = 0x320; // u64: the mmap'ed stack
export const PD_STACKSIZE = 0x328; // u64: its size
export const PD_RSEQ = 0x920; // struct rseq (32 bytes, 32-aligned): the thread pointer + __rseq_offset, as on the reference machine
export const RSEQ_SIG = 0x53053053; // glibc's x86 RSEQ_SIG

/**
 * A new thread's stack as pthread_create lays it out (as glibc's
 * allocate_stack): an 8 MiB + 4 KiB mapping, the guard page at the bottom,
 * the descriptor at the top (PD_FROM_TOP below the end), the initial stack
 * pointer further down. The words at sp hold the start routine, its
 * argument and the descriptor address, read by the CPU when the thread starts.
 */
export const THREAD_STACK_SIZE = 8 * 1024 * 1024;
export const THREAD_GUARD = 4096;
export const PD_FROM_TOP = 0x940; // struct pthread is this far below the end of the mapping
export const SP_FROM_TOP = 0x1080; // initial sp (clone_args.stack + stack_size)
export const SP_FN = 0; // u64 at sp: start routine
export const SP_ARG = 8; // u64 at sp+8: argument
export const SP_PD = 16; // u64 at sp+16: the descriptor (pthread_self)

/**
 * _sys_errlist's texts, one string per errno (glibc keeps them in its
 * .rodata): strerror returns a different pointer for each errno, so two
 * strerror calls in one printf print two texts.
 */
export const ERRLIST = 0x2000; // up to 0x3000
