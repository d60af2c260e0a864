// What a command printed, split for the screen: the command's own output,
// the programs' output while it ran (coloured by stream), and the notices
// of jobs that ended meanwhile, which bash prints last.
import { describe, expect, it } from 'vitest';
import { Game } from '../../src/game/game';
import { parseLevel } from '../../src/game/level-load';
import { TtyFeed } from '../../src/ui/tty-feed';

const LEVEL = `id: feed
title: Feed
topic: tutorial
difficulty: 1
order: 1
briefing: B.
debrief: D.
goal_text: G.
programs:
  - name: bye
    file: programs/bye.c
goal:
  exited: { name: bye }
hints: [h]
par: { ticks: 1000, commands: 1 }
solution: ["tick 1000"]
`;
const BYE = '#include <stdio.h>\n#include <unistd.h>\nint main(void)\n{\n    sleep(1);\n    printf("bye\\n");\n    return 0;\n}\n';

describe('TtyFeed', () => {
  it("splits a tick's output into the program's lines and then the notice of the job that ended", () => {
    const game = new Game(parseLevel(LEVEL, 'feed.yaml', () => BYE), 'seed');
    const feed = new TtyFeed(game);
    const r = feed.exec('tick 2000');
    expect(r.during.map((c) => [c.stream, c.text])).toEqual([['stdout', 'bye\n']]);
    expect(r.text).toBe('');
    expect(r.after).toMatch(/^\[1\]\+ +Done +\.\/bye\n$/);
    // Nothing is lost or doubled: the parts make up the console's output.
    expect(r.text + r.during.map((c) => c.text).join('') + r.after).toBe(r.result.output);
  });
});
