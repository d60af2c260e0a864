// Program output for a live screen, without disturbing the game's record.
//
// The console (src/console) prints what programs wrote since the previous
// command at the head of the next command's output, and the game keeps
// that output (goals may look for text in it; a replay must see the same
// text at the same tick). A screen wants the output as it arrives, so it
// reads the terminal with its own cursor — and must then drop, from the
// next command's output, the part it already showed. This class does both.

import type { TtyChunk } from '../kernel/tty';
import type { Game } from '../game/game';
import type { ConsoleResult } from '../console/console';

/** What a command printed, split the way a screen shows it. */
export interface CommandOutput {
  result: ConsoleResult; // the game's result, untouched
  earlier: TtyChunk[]; // program output from before the command, not shown yet
  text: string; // job notices and the command's own output (not shown before)
  during: TtyChunk[]; // what programs wrote while the command ran (tick N)
}

export class TtyFeed {
  private shown: number; // next terminal chunk not yet shown
  private console = 0; // next chunk the console has not printed (its own cursor)

  constructor(private readonly game: Game) {
    // The console was made with the machine and has printed nothing yet:
    // its cursor is where the terminal started. Nothing has been shown.
    this.shown = 0;
  }

  /** Program output written since the last call (and not shown by a command). */
  fresh(): TtyChunk[] {
    const chunks = this.game.k.tty.since(this.shown);
    this.shown = this.game.k.tty.nextSeq;
    return chunks;
  }

  /**
   * Run a console line through the game (it is recorded in the run log),
   * and return what the screen has not shown yet.
   */
  exec(line: string): CommandOutput {
    const tty = this.game.k.tty;
    const earlier = this.fresh();
    const before = tty
      .since(this.console)
      .map((c) => c.text)
      .join('');
    const startSeq = tty.nextSeq;
    const result = this.game.exec(line);
    const during = tty.since(startSeq);
    const duringText = during.map((c) => c.text).join('');
    let text = result.output;
    if (reachesConsole(line)) {
      if (text.startsWith(before)) text = text.slice(before.length);
      this.console = tty.nextSeq;
    }
    this.shown = Math.max(this.shown, tty.nextSeq);
    if (!duringText) return { result, earlier, text, during: [] };
    // Cannot split (should not happen): show it all as the command's output.
    if (!text.endsWith(duringText)) return { result, earlier, text, during: [] };
    text = text.slice(0, text.length - duringText.length);
    return { result, earlier, text, during };
  }
}

/** Whether the game hands this line to the console (which then prints the output it owed). */
function reachesConsole(line: string): boolean {
  const t = line.trim();
  return t !== '' && !t.startsWith('#') && t !== 'hint' && !/^answer(\s|$)/.test(t);
}
