// help: the console's commands, one line each; help CMD: its usage and notes.

import type { Command } from '../command';

export const help: Command = {
  name: 'help',
  summary: 'list the commands, or show one command\'s usage',
  usage: 'help [COMMAND]',
  run(c, argv, out) {
    if (argv.length > 2) {
      out.line('help: usage: help [COMMAND]');
      return 2;
    }
    const text = c.help(argv[1]);
    if (!text) {
      out.line(`help: no help topics match \`${argv[1]}'.`);
      return 1;
    }
    out.write(text);
    return 0;
  },
  complete: (c, _b, word) => c.commandNames().filter((n) => n.startsWith(word)),
};
