// clear: clear the terminal. The game screen clears its console pane
// itself (as Ctrl-L does); plain mode and `kernlab shell` print nothing,
// not the escape codes ncurses' clear writes: a screen reader would read
// them out.

import type { Command } from '../command';

const USAGE = 'Usage: clear [options]\n\nOptions:\n  -T TERM     use this instead of $TERM\n  -V          print curses-version\n  -x          do not try to clear scrollback\n';

export const clear: Command = {
  name: 'clear',
  summary: 'clear the console (the game screen\'s pane; elsewhere it prints nothing)',
  usage: 'clear',
  details: 'The game screen empties its console pane, as Ctrl-L does. Plain mode and kernlab shell write no escape codes: the output is empty.',
  run(_c, argv, out) {
    // ncurses 6.4's clear takes -T TERM, -V and -x; anything else gets its usage.
    const bad = argv.slice(1).find((a) => a !== '-x');
    if (bad !== undefined) {
      if (bad.startsWith('-')) out.line(`clear: invalid option -- '${bad.slice(1, 2)}'`);
      out.write(USAGE);
      return 1;
    }
    return 0;
  },
};
