// ls's options: --help, -l and -n (GNU coreutils 9.1's long listing, its
// columns as wide as the widest value), -d and -1, and GNU's messages for
// the options kernlab's ls has not. Dates come from the simulated clock:
// the boot (Sep  2 09:00 2024) or a process's start.
import { describe, expect, it } from 'vitest';
import { jobPid, setup } from './helpers';

describe('ls --help and bad options', () => {
  it('--help prints the usage of what kernlab has (status 0), wherever it comes', () => {
    const { con } = setup();
    const r = con.exec('ls --help');
    expect(r.status).toBe(0);
    expect(r.output).toMatch(/^Usage: ls \[OPTION\]\.\.\. \[FILE\]\.\.\.\n/);
    for (const l of ['  -1                         list one file per line', '  -d, --directory            list directories themselves, not their contents', '  -l                         use a long listing format', '  -n, --numeric-uid-gid      like -l, but list numeric user and group IDs', '      --help        display this help and exit']) {
      expect(r.output.split('\n')).toContain(l);
    }
    expect(con.exec('ls /proc --help')).toEqual(r);
  });

  it("an option GNU ls has and kernlab's has not is said so; an unknown one is GNU's message (status 2)", () => {
    const { con } = setup();
    expect(con.exec('ls -a /proc')).toEqual({ output: "ls: option -- 'a' is not in kernlab's ls (it has -1, -d, -l, -n)\nTry 'ls --help' for more information.\n", status: 2 });
    expect(con.exec('ls -y')).toEqual({ output: "ls: invalid option -- 'y'\nTry 'ls --help' for more information.\n", status: 2 });
    expect(con.exec('ls --all')).toEqual({ output: "ls: option '--all' is not in kernlab's ls (it has -1, -d, -l, -n)\nTry 'ls --help' for more information.\n", status: 2 });
    expect(con.exec('ls --foo')).toEqual({ output: "ls: unrecognized option '--foo'\nTry 'ls --help' for more information.\n", status: 2 });
    expect(con.exec('ls --directory=1')).toEqual({ output: "ls: option '--directory' doesn't allow an argument\nTry 'ls --help' for more information.\n", status: 2 });
    expect(con.exec('ls -- -l')).toEqual({ output: "ls: cannot access '-l': No such file or directory\n", status: 2 });
  });
});

describe('ls -l', () => {
  it('lists /proc/PID as coreutils does: mode, links, owner, group, size, date, name; total 0', () => {
    const { con } = setup();
    expect(con.exec('ls -l /proc/1')).toEqual({
      output: [
        'total 0',
        '-r--r--r-- 1 root root 0 Sep  2 09:00 cmdline',
        '-rw-r--r-- 1 root root 0 Sep  2 09:00 comm',
        '-r--r--r-- 1 root root 0 Sep  2 09:00 limits',
        '-r--r--r-- 1 root root 0 Sep  2 09:00 maps',
        '-r--r--r-- 1 root root 0 Sep  2 09:00 oom_score',
        '-rw-r--r-- 1 root root 0 Sep  2 09:00 oom_score_adj',
        '-rw-r--r-- 1 root root 0 Sep  2 09:00 sched',
        '-r--r--r-- 1 root root 0 Sep  2 09:00 smaps',
        '-r--r--r-- 1 root root 0 Sep  2 09:00 smaps_rollup',
        '-r--r--r-- 1 root root 0 Sep  2 09:00 stat',
        '-r--r--r-- 1 root root 0 Sep  2 09:00 statm',
        '-r--r--r-- 1 root root 0 Sep  2 09:00 status',
        'dr-xr-xr-x 3 root root 0 Sep  2 09:00 task',
        '-r--r--r-- 1 root root 0 Sep  2 09:00 wchan',
        '',
      ].join('\n'),
      status: 0,
    });
  });

  it("a program's /proc is its owner's, dated at its start on the simulated clock; -n: numbers", () => {
    const { con, sh } = setup();
    sh('tick 61s');
    const pid = jobPid(sh('run threads.c'));
    sh('tick 5');
    expect(sh(`ls -ld /proc/${pid} /proc/${pid}/task`)).toBe(`dr-xr-xr-x 3 student student 0 Sep  2 09:01 /proc/${pid}\ndr-xr-xr-x 5 student student 0 Sep  2 09:01 /proc/${pid}/task\n`);
    expect(sh(`ls -n /proc/${pid}/task | head -2`)).toBe(`total 0\ndr-xr-xr-x 2 1000 1000 0 Sep  2 09:01 ${pid}\n`);
    expect(con.exec(`ls -l /proc/${pid}/status`).output).toBe(`-r--r--r-- 1 student student 0 Sep  2 09:01 /proc/${pid}/status\n`);
    // Owners of two widths: the column is as wide as the widest, left-aligned.
    expect(sh('ls -l /proc | grep -E " (1|' + pid + ')$"')).toBe(`dr-xr-xr-x 3 root    root    0 Sep  2 09:00 1\ndr-xr-xr-x 3 student student 0 Sep  2 09:01 ${pid}\n`);
  });

  it('/proc/self and /proc/thread-self are symlinks to the shell: self -> PID; a trailing slash follows it', () => {
    const { con, k } = setup();
    const sh = k.shell!.pid;
    expect(con.exec('ls -l /proc/self /proc/thread-self').output).toBe(`lrwxrwxrwx 1 root root 0 Sep  2 09:00 /proc/self -> ${sh}\nlrwxrwxrwx 1 root root 0 Sep  2 09:00 /proc/thread-self -> ${sh}/task/${sh}\n`);
    expect(con.exec('ls -l /proc | grep self').output).toBe(`lrwxrwxrwx 1 root    root    0 Sep  2 09:00 self -> ${sh}\nlrwxrwxrwx 1 root    root    0 Sep  2 09:00 thread-self -> ${sh}/task/${sh}\n`);
    expect(con.exec('ls -l /proc/self/').output).toBe(con.exec('ls -l /proc/$$').output);
    expect(con.exec('ls -d /proc/self').output).toBe('/proc/self\n');
  });

  it("/proc's top, /proc/sys (one link, as sysctl's directories), the VFS: programs and sources with their sizes, directories of 4096 bytes", () => {
    const { sh } = setup();
    sh('run hello.c');
    const procs = Number(sh('ls /proc | grep -c "^[0-9]"'));
    expect(sh('ls -ld /proc /proc/sys')).toBe(`dr-xr-xr-x ${2 + 1 + procs} root root 0 Sep  2 09:00 /proc\ndr-xr-xr-x  1 root root 0 Sep  2 09:00 /proc/sys\n`);
    expect(sh('ls -l /proc/sys/kernel')).toBe('total 0\n-rw-r--r-- 1 root root 0 Sep  2 09:00 pid_max\n-rw-r--r-- 1 root root 0 Sep  2 09:00 threads-max\n');
    const self = sh('echo $$').trim();
    expect(sh('ls -l /proc | grep -v "^d"')).toBe(
      [
        'total 0',
        '-r--r--r-- 1 root    root    0 Sep  2 09:00 interrupts',
        '-r--r--r-- 1 root    root    0 Sep  2 09:00 loadavg',
        '-r--r--r-- 1 root    root    0 Sep  2 09:00 meminfo',
        `lrwxrwxrwx 1 root    root    0 Sep  2 09:00 self -> ${self}`,
        '-r--r--r-- 1 root    root    0 Sep  2 09:00 stat',
        `lrwxrwxrwx 1 root    root    0 Sep  2 09:00 thread-self -> ${self}/task/${self}`,
        '-r--r--r-- 1 root    root    0 Sep  2 09:00 uptime',
        '-r--r--r-- 1 root    root    0 Sep  2 09:00 vmstat',
        '',
      ].join('\n'),
    );
    const size = new TextEncoder().encode(sh('cat /home/student/hello')).length;
    expect(sh('ls -l /home/student')).toBe(`total 8\n-rwxr-xr-x 1 student student ${size} Sep  2 09:00 hello\n-rw-r--r-- 1 student student ${size} Sep  2 09:00 hello.c\n`);
    expect(sh('ls -l /home')).toBe('total 4\ndrwxr-xr-x 2 student student 4096 Sep  2 09:00 student\n');
    expect(sh('ls -l / | grep -E "(home|proc)$"')).toBe(`drwxr-xr-x  3 root root 4096 Sep  2 09:00 home\ndr-xr-xr-x ${2 + 1 + procs} root root    0 Sep  2 09:00 proc\n`);
  });

  it('several arguments: files first, then each directory (sorted) under its name; a missing one is said, status 2', () => {
    const { con } = setup();
    const r = con.exec('ls -l /proc/sys /proc/1/comm nope /proc/sys/kernel/pid_max');
    expect(r.output).toBe(
      [
        "ls: cannot access 'nope': No such file or directory",
        '-rw-r--r-- 1 root root 0 Sep  2 09:00 /proc/1/comm',
        '-rw-r--r-- 1 root root 0 Sep  2 09:00 /proc/sys/kernel/pid_max',
        '',
        '/proc/sys:',
        'total 0',
        'dr-xr-xr-x 1 root root 0 Sep  2 09:00 kernel',
        '',
      ].join('\n'),
    );
    expect(r.status).toBe(2);
    // Directories in name order, as GNU sorts its arguments (-1 and -l together: long).
    expect(con.exec('ls -1 /proc/sys/kernel /proc/sys').output).toBe('/proc/sys:\nkernel\n\n/proc/sys/kernel:\npid_max\nthreads-max\n');
    expect(con.exec('ls -1l /proc/sys').output).toBe('total 0\ndr-xr-xr-x 1 root root 0 Sep  2 09:00 kernel\n');
  });
});
