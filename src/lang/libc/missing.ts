// Names from the C library and POSIX headers that kernlab's libc does not
// have. A program using one is valid C outside the subset: it is refused
// as unsupported ("not supported in kernlab C: the C library function
// 'time'"), not reported as the student's own mistake (gcc's "implicit
// declaration of function" or "undeclared").

/** Functions of glibc's headers (stdio, stdlib, string, unistd, signal, time, fcntl, pthread, sys/*) kernlab lacks. */
export const MISSING_FUNCTIONS = new Set(
  `time clock clock_gettime clock_getres gettimeofday nanosleep localtime localtime_r gmtime ctime asctime strftime mktime difftime
open openat creat lseek fopen fdopen freopen fclose fread fwrite fgets fgetc getc getchar gets scanf fscanf sscanf vscanf ungetc
fseek ftell rewind setvbuf setbuf setlinebuf fileno feof ferror clearerr remove rename tmpfile vfprintf vprintf vsnprintf vsprintf
dprintf getline getdelim stat fstat lstat unlink mkdir rmdir chdir getcwd opendir readdir closedir access chmod chown truncate
ftruncate sync fsync link symlink readlink umask sigaltstack sigqueue sigwait sigwaitinfo sigtimedwait psignal strsignal
sigset sighold sigrelse sigignore pthread_mutex_lock pthread_mutex_unlock pthread_mutex_trylock pthread_mutex_init
pthread_mutex_destroy pthread_cond_wait pthread_cond_timedwait pthread_cond_signal pthread_cond_broadcast pthread_cond_init
pthread_cond_destroy pthread_detach pthread_attr_init pthread_attr_destroy pthread_attr_setstacksize pthread_kill
pthread_cancel pthread_equal pthread_once pthread_key_create pthread_getspecific pthread_setspecific pthread_barrier_init
pthread_barrier_wait pthread_spin_lock pthread_spin_unlock pthread_rwlock_rdlock pthread_rwlock_wrlock pthread_rwlock_unlock
pthread_yield pthread_setaffinity_np pthread_getaffinity_np pthread_setname_np pthread_getname_np sem_init sem_destroy sem_wait
sem_trywait sem_post sem_getvalue sem_open sem_close sem_unlink wait3 wait4 getrusage times setitimer getitimer ualarm
system popen pclose on_exit bsearch rand_r random srandom drand48 srand48 lrand48
strpbrk strndup strnlen strcasecmp strncasecmp strcoll strxfrm memchr memrchr memmem stpcpy bzero bcopy atof strtod strtof
strtold strtoll strtoull div ldiv lldiv llabs setjmp longjmp sigsetjmp siglongjmp mlock munlock mlockall munlockall msync
mincore shm_open shm_unlink shmget shmat shmdt shmctl msgget msgsnd msgrcv semget semop socket bind listen accept connect
send recv setuid setgid seteuid setegid getgid getegid getgroups setreuid setresuid sched_setaffinity sched_getaffinity
sched_getcpu sched_setscheduler sched_getscheduler sched_get_priority_max sched_get_priority_min sched_setparam sched_getparam
getrlimit setrlimit prlimit sysconf unshare clone syscall putenv setenv unsetenv clearenv isatty ttyname pipe2 dup3
fcntl ioctl select pselect poll ppoll epoll_create epoll_ctl epoll_wait execvpe fexecve posix_spawn posix_spawnp tcgetpgrp
tcsetpgrp getopt getopt_long tkill tgkill gethostname uname daemon
malloc_usable_size posix_memalign aligned_alloc memalign valloc pvalloc mallopt mallinfo`.split(/\s+/),
);

/** Constants and objects of those headers that kernlab does not define. */
export const MISSING_NAMES = new Set(
  `O_RDONLY O_WRONLY O_RDWR O_CREAT O_TRUNC O_APPEND O_EXCL O_NONBLOCK O_CLOEXEC O_SYNC O_DIRECTORY SEEK_SET SEEK_CUR SEEK_END
CLOCK_REALTIME CLOCK_MONOTONIC CLOCK_PROCESS_CPUTIME_ID CLOCK_THREAD_CPUTIME_ID CLOCKS_PER_SEC BUFSIZ FILENAME_MAX PATH_MAX
NAME_MAX PIPE_BUF PTHREAD_MUTEX_INITIALIZER PTHREAD_COND_INITIALIZER PTHREAD_ONCE_INIT
PTHREAD_CREATE_DETACHED PTHREAD_CREATE_JOINABLE SCHED_FIFO SCHED_RR SCHED_OTHER SCHED_BATCH SCHED_IDLE CPU_SETSIZE FD_CLOEXEC
F_GETFL F_SETFL F_GETFD F_SETFD F_DUPFD RUSAGE_SELF RUSAGE_CHILDREN RUSAGE_THREAD ITIMER_REAL ITIMER_VIRTUAL ITIMER_PROF
_SC_PAGESIZE _SC_PAGE_SIZE _SC_NPROCESSORS_ONLN _SC_NPROCESSORS_CONF _SC_CLK_TCK RLIMIT_NPROC RLIMIT_STACK RLIMIT_AS
RLIMIT_NOFILE RLIMIT_CORE RLIM_INFINITY S_IRUSR S_IWUSR S_IXUSR S_IRWXU
optarg optind opterr`.split(/\s+/),
);

/** Type names of those headers that kernlab does not define (a declaration using one is refused). */
export const MISSING_TYPES = new Set(
  `pthread_mutex_t pthread_cond_t pthread_attr_t pthread_mutexattr_t pthread_condattr_t pthread_key_t pthread_once_t
pthread_barrier_t pthread_spinlock_t pthread_rwlock_t sem_t clock_t clockid_t timer_t useconds_t suseconds_t mode_t dev_t ino_t
nlink_t blksize_t blkcnt_t gid_t key_t socklen_t cpu_set_t sig_atomic_t sighandler_t stack_t jmp_buf sigjmp_buf
va_list DIR fpos_t wchar_t wint_t locale_t rlim_t float_t double_t`.split(/\s+/),
);

/** Struct tags of those headers that kernlab does not define (`struct timespec ts;` is refused, not "storage size unknown"). */
export const MISSING_STRUCTS = new Set(
  `timespec timeval timezone tm stat rusage rlimit itimerval sigevent sigaltstack sched_param utsname dirent pollfd
sockaddr sockaddr_in iovec flock tms sembuf shmid_ds msqid_ds sigstack`.split(/\s+/),
);
