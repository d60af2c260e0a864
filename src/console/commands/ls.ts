// ls: list /proc (PIDs, then the files the console serves) and the
// machine's program directories, in GNU ls's columns.

import type { Command } from '../command';
import { byteOrder, completePath, fileError, lookup, lsColumns } from '../files';

export const ls: Command = {
  name: 'ls',
  summary: 'list /proc, /proc/PID, /proc/PID/task, and the program directories',
  usage: 'ls [-1] [PATH...]',
  details: [
    'Names in C-locale order, in columns as GNU ls prints them on a terminal (-1: one per line).',
    'A program in /home/student has its source beside it, NAME and NAME.c, as after gcc -o NAME NAME.c.',
  ].join('\n'),
  run(c, argv, out) {
    let one = false;
    const paths: string[] = [];
    for (const a of argv.slice(1)) {
      if (a === '-1') one = true;
      else if (a.startsWith('-') && a !== '-') {
        out.line(`ls: invalid option -- '${a.slice(1, 2)}'`);
        out.line("Try 'ls --help' for more information.");
        return 2;
      } else paths.push(a);
    }
    if (!paths.length) paths.push('.');
    const width = one ? 0 : c.columns;
    let status = 0;
    const files: string[] = [];
    const dirs: { path: string; names: string[] }[] = [];
    for (const p of paths) {
      const n = lookup(c, p);
      if (typeof n === 'number') {
        out.line(`ls: cannot access '${p}': ${fileError(n)}`);
        status = 2;
      } else if (n.kind === 'file') files.push(p);
      else dirs.push({ path: p, names: n.list().sort(byteOrder) });
    }
    files.sort(byteOrder);
    if (files.length) out.write(lsColumns(files, width));
    dirs.forEach((d, i) => {
      if (paths.length > 1) out.write(`${files.length || i > 0 ? '\n' : ''}${d.path}:\n`);
      out.write(lsColumns(d.names, width));
    });
    return status;
  },
  complete: (c, _before, word) => completePath(c, word),
};
