// unset (bash builtin): removes shell variables. bash 5.2's options and
// messages, without the "bash: " prefix, as the console's other builtins.

import type { Command } from '../command';
import { NAME } from '../words';

const USAGE = 'unset: usage: unset [-f] [-v] [-n] [name ...]';

export const unset: Command = {
  name: 'unset',
  summary: 'remove shell variables (NAME=value sets one, $NAME expands it)',
  usage: 'unset [-f] [-v] [-n] [NAME...]',
  details: [
    'As bash: an unset variable expands to nothing; unsetting one that is not set is no error.',
    '-v: only variables (a bad name is an error); -f: functions, of which kernlab has none (it does nothing);',
    '-n: as -v (kernlab has no namerefs). PPID is read-only.',
  ].join('\n'),
  run(c, argv, out) {
    let functions = false;
    let variables = false;
    let i = 1;
    for (; i < argv.length && argv[i].startsWith('-') && argv[i] !== '-'; i++) {
      if (argv[i] === '--') {
        i++;
        break;
      }
      for (const ch of argv[i].slice(1)) {
        if (ch === 'f') functions = true;
        else if (ch === 'v' || ch === 'n') variables = true;
        else {
          out.line(`unset: -${ch}: invalid option`);
          out.line(USAGE);
          return 2;
        }
      }
    }
    if (functions && variables) {
      out.line('unset: cannot simultaneously unset a function and a variable');
      return 1;
    }
    let status = 0;
    for (const name of argv.slice(i)) {
      if (functions) continue; // no shell functions here: nothing to remove, and no error
      if (!NAME.test(name)) {
        // Without -v bash tries it as a function's name, which may be anything: no error.
        if (variables) {
          out.line(`unset: \`${name}': not a valid identifier`);
          status = 1;
        }
        continue;
      }
      if (!c.vars.unset(name)) {
        out.line(`unset: ${name}: cannot unset: readonly variable`);
        status = 1;
      }
    }
    return status;
  },
  complete: (c, _before, word) => c.vars.names().filter((n) => n.startsWith(word)),
};
