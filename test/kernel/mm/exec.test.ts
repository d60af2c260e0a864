// The process image exec builds, compared with what the reference machine
// shows for a gcc-built PIE program under `setarch -R` (aslr off), and the
// /proc views of it.
import { describe, expect, it } from 'vitest';
import { E2BIG } from '../../../src/kernel/uapi/errno';
import { MAP_ANONYMOUS, MAP_PRIVATE, MAP_SHARED, PROT_READ, PROT_WRITE } from '../../../src/kernel/uapi/mman';
import { ELF_ET_DYN_BASE, MMAP_RND_BITS, TASK_SIZE } from '../../../src/kernel/mm/mm';
import type { MmStruct } from '../../../src/kernel/mm';
import { machine, makeProgram, spawn, task } from './helpers';

const P = 4096;
const bigBss = () => makeProgram({ path: '/home/student/bigbss', bssSize: 40000 });

// The reference machine's libc/ld.so/vdso/stack lines, verbatim (setarch -R ./m; cat /proc/self/maps).
const REFERENCE_TAIL = `7ffff7dd2000-7ffff7dd5000 rw-p 00000000 00:00 0 
7ffff7dd5000-7ffff7dfb000 r--p 00000000 fe:00 339380                     /usr/lib/x86_64-linux-gnu/libc.so.6
7ffff7dfb000-7ffff7f51000 r-xp 00026000 fe:00 339380                     /usr/lib/x86_64-linux-gnu/libc.so.6
7ffff7f51000-7ffff7fa4000 r--p 0017c000 fe:00 339380                     /usr/lib/x86_64-linux-gnu/libc.so.6
7ffff7fa4000-7ffff7fa8000 r--p 001cf000 fe:00 339380                     /usr/lib/x86_64-linux-gnu/libc.so.6
7ffff7fa8000-7ffff7faa000 rw-p 001d3000 fe:00 339380                     /usr/lib/x86_64-linux-gnu/libc.so.6
7ffff7faa000-7ffff7fb7000 rw-p 00000000 00:00 0 
7ffff7fc0000-7ffff7fc2000 rw-p 00000000 00:00 0 
7ffff7fc2000-7ffff7fc6000 r--p 00000000 00:00 0                          [vvar]
7ffff7fc6000-7ffff7fc8000 r--p 00000000 00:00 0                          [vvar_vclock]
7ffff7fc8000-7ffff7fca000 r-xp 00000000 00:00 0                          [vdso]
7ffff7fca000-7ffff7fcb000 r--p 00000000 fe:00 338944                     /usr/lib/x86_64-linux-gnu/ld-linux-x86-64.so.2
7ffff7fcb000-7ffff7ff1000 r-xp 00001000 fe:00 338944                     /usr/lib/x86_64-linux-gnu/ld-linux-x86-64.so.2
7ffff7ff1000-7ffff7ffb000 r--p 00027000 fe:00 338944                     /usr/lib/x86_64-linux-gnu/ld-linux-x86-64.so.2
7ffff7ffb000-7ffff7ffd000 r--p 00031000 fe:00 338944                     /usr/lib/x86_64-linux-gnu/ld-linux-x86-64.so.2
7ffff7ffd000-7ffff7fff000 rw-p 00033000 fe:00 338944                     /usr/lib/x86_64-linux-gnu/ld-linux-x86-64.so.2
7ffffffde000-7ffffffff000 rw-p 00000000 00:00 0                          [stack]
ffffffffff600000-ffffffffff601000 --xp 00000000 00:00 0                  [vsyscall]
`;

describe('exec layout (aslr off)', () => {
  it('gives /proc/PID/maps byte for byte', () => {
    const m = machine();
    const { mm, t } = spawn(m, 100, bigBss());
    m.ms.brk(mm, mm.brk + 0x21000, t); // malloc's first sbrk
    expect(m.ms.procMaps(mm)).toBe(
      `555555554000-555555555000 r--p 00000000 fe:00 2244720                    /home/student/bigbss
555555555000-555555556000 r-xp 00001000 fe:00 2244720                    /home/student/bigbss
555555556000-555555557000 r--p 00002000 fe:00 2244720                    /home/student/bigbss
555555557000-555555558000 rw-p 00003000 fe:00 2244720                    /home/student/bigbss
555555558000-555555561000 rw-p 00000000 00:00 0 
555555561000-555555582000 rw-p 00000000 00:00 0                          [heap]
` + REFERENCE_TAIL,
    );
  });

  it('gives pmap output in procps 4.0.2 format', () => {
    const m = machine();
    const { mm } = spawn(m, 4242, bigBss());
    expect(m.ms.pmap(4242, './bigbss', mm)).toBe(`4242:   ./bigbss
0000555555554000      4K r---- bigbss
0000555555555000      4K r-x-- bigbss
0000555555556000      4K r---- bigbss
0000555555557000      4K rw--- bigbss
0000555555558000     36K rw---   [ anon ]
00007ffff7dd2000     12K rw---   [ anon ]
00007ffff7dd5000    152K r---- libc.so.6
00007ffff7dfb000   1368K r-x-- libc.so.6
00007ffff7f51000    332K r---- libc.so.6
00007ffff7fa4000     16K r---- libc.so.6
00007ffff7fa8000      8K rw--- libc.so.6
00007ffff7faa000     52K rw---   [ anon ]
00007ffff7fc0000      8K rw---   [ anon ]
00007ffff7fc2000     16K r----   [ anon ]
00007ffff7fc6000      8K r----   [ anon ]
00007ffff7fc8000      8K r-x--   [ anon ]
00007ffff7fca000      4K r---- ld-linux-x86-64.so.2
00007ffff7fcb000    152K r-x-- ld-linux-x86-64.so.2
00007ffff7ff1000     40K r---- ld-linux-x86-64.so.2
00007ffff7ffb000      8K r---- ld-linux-x86-64.so.2
00007ffff7ffd000      8K rw--- ld-linux-x86-64.so.2
00007ffffffde000    132K rw---   [ stack ]
ffffffffff600000      4K --x--   [ anon ]
 total             2380K
`);
  });

  it('gives pmap -x output in procps 4.0.2 format, RSS and Dirty as smaps counts them', () => {
    const m = machine();
    const { mm, t } = spawn(m, 4242, bigBss());
    m.ms.cpu(0).store8(mm.startBrk - 4 * P, 1); // a page of .bss
    const s = m.ms.doMmap(mm, 0, 2 * P, PROT_READ | PROT_WRITE, MAP_SHARED | MAP_ANONYMOUS, -1, 0, t);
    m.ms.cpu(0).store8(s, 1);
    const z = m.ms.doMmap(mm, 0, 3 * P, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0, t);
    m.ms.cpu(0).load8(z); // the zero page: not resident
    const lines = m.ms.pmapExtended(4242, './bigbss', mm).split('\n');
    expect(lines.slice(0, 7)).toEqual([
      '4242:   ./bigbss',
      'Address           Kbytes     RSS   Dirty Mode  Mapping',
      '0000555555554000       4       4       0 r---- bigbss',
      '0000555555555000       4       4       0 r-x-- bigbss',
      '0000555555556000       4       0       0 r---- bigbss',
      '0000555555557000       4       4       4 rw--- bigbss',
      '0000555555558000      36       4       4 rw---   [ anon ]',
    ]);
    expect(lines).toContain(`${s.toString(16).padStart(16, '0')}       8       4       4 rw-s- zero (deleted)`);
    expect(lines).toContain(`${z.toString(16).padStart(16, '0')}      12       0       0 rw---   [ anon ]`);
    expect(lines).toContain('00007ffff7fa4000      16      16      16 r---- libc.so.6'); // RELRO: copied, dirty, read-only
    expect(lines).toContain('00007ffff7dd5000     152     152       0 r---- libc.so.6');
    expect(lines).toContain('00007ffff7fc8000       8       4       0 r-x--   [ anon ]'); // [vdso]: its first page, read by ld.so
    expect(lines).toContain('ffffffffff600000       4       0       0 --x--   [ anon ]');
    expect(lines.at(-3)).toBe('---------------- ------- ------- ------- ');
    expect(lines.at(-2)).toMatch(/^total kB {8} {4}2400 {3} {0,3}\d+ {3} {0,3}\d+$/);
    expect(m.ms.pmapExtended(2, '[kthreadd]', null)).toBe(
      '2:   [kthreadd]\nAddress           Kbytes     RSS   Dirty Mode  Mapping\n---------------- ------- ------- ------- \ntotal kB               0       0       0\n',
    );
  });

  it('shows shared mappings with s in maps and pmap', () => {
    const m = machine();
    const { mm, t } = spawn(m);
    const s = m.ms.doMmap(mm, 0, 2 * P, PROT_READ | PROT_WRITE, MAP_SHARED | MAP_ANONYMOUS, -1, 0, t);
    const line = m.ms.pmap(1, 'x', mm).split('\n').find((l) => l.startsWith(s.toString(16).padStart(16, '0')));
    expect(line).toBe(`${s.toString(16).padStart(16, '0')}      8K rw-s- zero (deleted)`);
  });

  it('gives the Vm lines of /proc/PID/status in Linux format, with Linux accounting', () => {
    const m = machine();
    const { mm, t } = spawn(m, 100, bigBss());
    m.ms.brk(mm, mm.brk + 0x21000, t);
    for (let i = 0; i < 3; i++) m.ms.cpu(0).store8(mm.startBrk + i * P, 1);
    m.ms.cpu(0).load8(mm.startCode);
    // The reference machine shows VmSize 2512 kB for the same program: gcc adds a 4 KiB RELRO segment,
    // which kernlab programs do not have. VmData (260), VmStk, VmExe and VmLib are the same:
    // bss 36K + heap 132K + exe .data 4K + libc rw 8K + libc bss 52K + ld.so alloc 8K + ld.so rw 8K + TLS 12K
    expect(m.ms.statusVm(mm)).toBe(
      [
        'VmPeak:\t    2508 kB',
        'VmSize:\t    2508 kB',
        'VmLck:\t       0 kB',
        'VmPin:\t       0 kB',
        // What ld.so and libc touched before main (the reference machine's 1016 kB of file pages, the
        // vDSO's included, and its 88 kB of anonymous pages less gcc's RELRO page) + the 3 heap pages.
        'VmHWM:\t    1112 kB',
        'VmRSS:\t    1112 kB',
        'RssAnon:\t      96 kB',
        'RssFile:\t    1016 kB',
        'RssShmem:\t       0 kB',
        'VmData:\t     260 kB',
        'VmStk:\t     132 kB',
        'VmExe:\t       4 kB',
        'VmLib:\t    1528 kB',
        `VmPTE:\t${String(mm.pgtablesBytes / 1024).padStart(8)} kB`,
        'VmSwap:\t       0 kB',
        '',
      ].join('\n'),
    );
    // statm in pages: size resident shared text lib data dt (data = VmData + VmStk).
    expect(m.ms.statm(mm)).toBe(`${2508 / 4} ${1112 / 4} ${1016 / 4} 1 0 ${(260 + 132) / 4} 0\n`);
    // VmPeak keeps the high-water mark after the heap shrinks.
    m.ms.brk(mm, mm.startBrk, t);
    expect(m.ms.statusVm(mm)).toMatch(/^VmPeak:\t {4}2508 kB\nVmSize:\t {4}2376 kB\n/);
    expect(m.ms.statusVm(mm)).toMatch(/VmHWM:\t {4}1112 kB\nVmRSS:\t {4}1100 kB/);
  });

  it("replays what ld.so and libc's start-up touched before main: RELRO copied but read-only, 48 faults, no events", () => {
    const m = machine();
    const seq = m.events.seq;
    const { mm, t, layout } = spawn(m);
    expect(t.minFlt).toBe(48); // the reference machine's minflt at main (vfork + execve of `main() { pause(); }`)
    expect(m.events.since(seq).filter((e) => e.type === 'pagefault' || e.type === 'cow')).toEqual([]);
    const libcRelro = mm.vmas().find((v) => v.vmFile?.path.endsWith('libc.so.6') && v.vmPgoff === 0x1cf)!;
    const r = m.ms.translate(mm, libcRelro.vmStart, 'w');
    expect(r.outcome).toBe('VMA 7ffff7fa4000-7ffff7fa8000 is r--p: write → SIGSEGV (SEGV_ACCERR)');
    expect(parseInt(r.pte!.slice(-8), 16) & 2).toBe(0); // the PTE is read-only
    expect(m.ms.translate(mm, libcRelro.vmStart, 'r').ok).toBe(true);
    // exec does not reset the count: a second exec into the same task adds its own 48.
    const mm2 = m.ms.mmAlloc();
    m.ms.exec(mm2, makeProgram(), ['x'], [], t);
    expect(t.minFlt).toBe(96);
    void layout;
  });

  it('fills /proc/PID/stat fields like Linux (start_code is .text, start_data the rw segment, start_stack argc)', () => {
    const m = machine();
    const { mm, layout } = spawn(m, 100, bigBss());
    const s = m.ms.statFields(mm);
    expect(s.startcode).toBe(0x555555555000);
    expect(s.endcode).toBe(0x555555555000 + 400);
    expect(s.start_data).toBe(0x555555557000);
    expect(s.end_data).toBe(0x555555557008);
    expect(s.start_brk).toBe(0x555555561000);
    expect(s.startstack).toBe(layout.sp);
    expect(s.vsize).toBe(mm.totalVm * P);
    expect(s.arg_end).toBe(s.env_start);
    expect(s.arg_end - s.arg_start).toBe('/home/student/bigbss'.length + 1);
    expect(s.env_end - s.env_start).toBe('HOME=/home/student'.length + 1 + 'PATH=/bin:/usr/bin'.length + 1);
    // The executable's path sits right above the environment, then the NULL word at the very top.
    expect(s.env_end + '/home/student/bigbss'.length + 1 + 8).toBe(0x7ffffffff000);
  });
});

describe('the initial stack', () => {
  it('holds argc, argv, envp and auxv at a 16-byte aligned sp, as the x86-64 ABI requires', () => {
    const m = machine();
    const t = task(100);
    const mm = m.ms.mmAlloc();
    const prog = makeProgram();
    const L = m.ms.exec(mm, prog, ['./process', '-v', 'x y'], ['A=1'], t);
    m.ms.cpu(0).switchMm(mm, t);
    const cpu = m.ms.cpu(0);
    expect(L.sp % 16).toBe(0);
    expect(L.argc).toBe(3);
    expect(cpu.load64(L.sp)).toBe(3);
    expect(L.argv).toBe(L.sp + 8);
    const str = (a: number) => m.ms.strncpyFromUser(mm, a, 256, t);
    expect([0, 1, 2].map((i) => str(cpu.load64(L.argv + 8 * i)))).toEqual(['./process', '-v', 'x y']);
    expect(cpu.load64(L.argv + 24)).toBe(0);
    expect(L.envp).toBe(L.argv + 32);
    expect(str(cpu.load64(L.envp))).toBe('A=1');
    expect(cpu.load64(L.envp + 8)).toBe(0);
    expect(L.auxv).toBe(L.envp + 16);
    const aux = new Map<number, number>();
    for (let a = L.auxv; ; a += 16) {
      const k = cpu.load64(a);
      aux.set(k, cpu.load64(a + 8));
      if (k === 0) break;
    }
    expect(aux.get(6)).toBe(4096); // AT_PAGESZ
    expect(aux.get(33)).toBe(L.vdso); // AT_SYSINFO_EHDR
    expect(aux.get(7)).toBe(L.ldso); // AT_BASE
    expect(aux.get(9)).toBe(L.image.textBase); // AT_ENTRY
    expect(str(aux.get(31)!)).toBe(prog.path); // AT_EXECFN
    expect(str(aux.get(15)!)).toBe('x86_64'); // AT_PLATFORM
    const rnd = m.ms.copyFromUser(mm, aux.get(25)!, 16, t)!; // AT_RANDOM
    expect(rnd.some((b) => b !== 0)).toBe(true);
    expect(m.ms.findVma(mm, L.sp)!.vmEnd - m.ms.findVma(mm, L.sp)!.vmStart).toBe(0x21000);
    expect(m.ms.procMaps(mm)).toContain('7ffffffde000-7ffffffff000 rw-p 00000000 00:00 0                          [stack]');
  });

  it('puts argv, the environment and sp where the reference machine does (env -i A=1 setarch -R ./sp)', () => {
    const m = machine();
    const t = task(100);
    const mm = m.ms.mmAlloc();
    const L = m.ms.exec(mm, makeProgram({ path: './sp' }), ['./sp'], ['A=1'], t);
    const s = m.ms.statFields(mm);
    // Measured: argv=0x7fffffffee38 startstack=7fffffffee30 arg_start=7fffffffefea env_end=7fffffffeff3
    expect([L.argv, s.startstack, s.arg_start, s.env_end]).toEqual([0x7fffffffee38, 0x7fffffffee30, 0x7fffffffefea, 0x7fffffffeff3]);
  });

  it('gives libc a zeroed, writable data area of at least 0x2000 bytes', () => {
    const m = machine();
    const { layout } = spawn(m);
    const { libcDataBase, libcDataSize } = layout.image;
    expect(libcDataSize).toBeGreaterThanOrEqual(0x2000);
    const cpu = m.ms.cpu(0);
    for (let a = libcDataBase; a < libcDataBase + libcDataSize; a += 512) expect(cpu.load64(a)).toBe(0);
    cpu.store64(libcDataBase + libcDataSize - 8, -5);
    expect(cpu.load64(libcDataBase + libcDataSize - 8)).toBe(-5);
  });

  it('rejects arguments that do not fit (E2BIG)', () => {
    const m = machine();
    expect(m.ms.execArgsCheck(['a'], ['B=1'])).toBe(0);
    expect(m.ms.execArgsCheck(['x'.repeat(32 * 4096)], [])).toBe(-E2BIG); // one string over MAX_ARG_STRLEN
    expect(m.ms.execArgsCheck(Array(40).fill('y'.repeat(60000)), [])).toBe(-E2BIG); // over a quarter of the 8 MiB stack
  });

  it('globals are in .data/.bss, string literals in read-only .rodata', () => {
    const m = machine();
    const { layout } = spawn(m);
    const cpu = m.ms.cpu(0);
    const { rodataBase, dataBase, bssBase, textBase } = layout.image;
    expect(String.fromCharCode(...[0, 1, 2, 3, 4].map((i) => cpu.load8u(rodataBase + i)))).toBe('I am ');
    expect(cpu.load32(dataBase)).toBe(42);
    expect(cpu.load32(bssBase)).toBe(0);
    expect(cpu.load32(textBase)).toBe(0x1000); // the code words
    expect(() => cpu.store8(rodataBase, 0)).toThrow();
    expect(() => cpu.store8(textBase, 0)).toThrow();
    cpu.store32(bssBase + 60, 3);
    expect(cpu.load32(bssBase + 60)).toBe(3);
  });
});

describe('ASLR', () => {
  it('randomises the PIE base (28 bits of pages), mmap_base, the stack top and brk, deterministically per seed', () => {
    const bases = new Set<number>();
    for (let seed = 1; seed <= 20; seed++) {
      const m = machine({ aslr: true, seed });
      const { mm, layout } = spawn(m);
      const base = layout.image.textBase - P;
      expect(base % P).toBe(0);
      expect(base).toBeGreaterThanOrEqual(ELF_ET_DYN_BASE);
      expect(base).toBeLessThan(ELF_ET_DYN_BASE + 2 ** MMAP_RND_BITS * P);
      expect(mm.mmapBase).toBeLessThanOrEqual(TASK_SIZE - 0x4008ff000);
      expect(mm.mmapBase).toBeGreaterThan(TASK_SIZE - 0x4008ff000 - 2 ** MMAP_RND_BITS * P);
      const stack = m.ms.findVma(mm, layout.sp)!;
      expect(stack.vmEnd).toBeLessThanOrEqual(TASK_SIZE);
      expect(stack.vmEnd).toBeGreaterThan(TASK_SIZE - 2 ** 22 * P);
      expect(mm.startBrk - (layout.image.dataBase + P)).toBeLessThan(0x40000000);
      expect(layout.sp % 16).toBe(0);
      bases.add(base);
      // Same seed, same layout.
      const again = spawn(machine({ aslr: true, seed }));
      expect(again.layout.image.textBase).toBe(layout.image.textBase);
      expect(again.layout.sp).toBe(layout.sp);
    }
    expect(bases.size).toBe(20);
  });

  it('keeps the layout Linux has with ASLR: ld.so at mmap_base, libc below the vdso, [heap] after a random gap', () => {
    const m = machine({ aslr: true, seed: 7 });
    const { mm, t } = spawn(m);
    m.ms.brk(mm, mm.brk + P, t);
    const lines = m.ms.procMaps(mm).trim().split('\n');
    const ld = lines.filter((l) => l.endsWith('ld-linux-x86-64.so.2'));
    expect(parseInt(ld[ld.length - 1].split('-')[1], 16)).toBe(mm.mmapBase);
    expect(lines.findIndex((l) => l.endsWith('[heap]'))).toBe(4);
    expect(lines.findIndex((l) => l.endsWith('[vdso]'))).toBeGreaterThan(lines.findIndex((l) => l.endsWith('libc.so.6')));
    void MAP_PRIVATE;
  });
});

describe('the vDSO', () => {
  it('is a special mapping: its page is resident after exec, and a forked child faults the same page in again', () => {
    const m = machine();
    const { mm } = spawn(m);
    const vdso = mm.vmas().find((v) => v.name === '[vdso]')!;
    const p = m.ms.translate(mm, vdso.vmStart, 'r');
    expect(p.ok).toBe(true);
    const child = m.ms.dupMm(mm, task(101)) as MmStruct;
    expect(m.ms.translate(child, vdso.vmStart, 'r').outcome).toBe('PTE not present: a read would map page 0 of the vDSO image (special mapping)'); // not copied by fork
    m.ms.cpu(1).switchMm(child, task(101));
    expect(m.ms.cpu(1).load8(vdso.vmStart + 1)).toBe(0x45); // 'E' of \x7fELF
    expect(m.ms.translate(child, vdso.vmStart, 'r').frame).toBe(p.frame);
    expect(m.ms.statusVm(child)).toMatch(/RssFile:\t {7}4 kB/);
  });
});
