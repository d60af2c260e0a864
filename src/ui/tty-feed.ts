// Program output for a live screen, as it arrives, in step with the game's
// own record of the console session.
//
// The game keeps a transcript and the console prints, at the head of each
// command's output, what programs wrote since the previous look; a screen
// calls Game.drainOutput() every frame so that output shows as it comes
// and is not repeated by the next command. This reads the same terminal
// chunks with their streams (stderr, strace lines) so the screen can colour
// them, and drains the game's cursor at the same time.

import type { TtyChunk } from '../kernel/tty';
import type { Game } from '../game/game';
import type { ConsoleResult } from '../console/console';

/** What a command printed, split the way a screen shows it. */
export interface CommandOutput {
  result: ConsoleResult; // the game's result, untouched
  earlier: TtyChunk[]; // program output from before the command, not shown yet
  text: string; // the command's own output
  during: TtyChunk[]; // what programs wrote while the command ran (tick N)
  after: string; // bash's job notices (and kthread_stop's report): printed last
}

export class TtyFeed {
  private shown = 0; // next terminal chunk not yet shown (the screen shows output since boot)

  constructor(private readonly game: Game) {}

  /** Program output written since the last call (and not shown by a command). */
  fresh(): TtyChunk[] {
    const tty = this.game.k.tty;
    const chunks = tty.since(this.shown);
    this.shown = tty.nextSeq;
    this.game.drainOutput();
    return chunks;
  }

  /** Everything written so far counts as shown (a resumed machine's console is printed from the game's transcript). */
  catchUp(): void {
    this.fresh();
  }

  /** Run a console line through the game (it is recorded in the run log). */
  exec(line: string): CommandOutput {
    const tty = this.game.k.tty;
    const earlier = this.fresh();
    const startSeq = tty.nextSeq;
    const result = this.game.exec(line);
    const during = tty.since(startSeq);
    this.shown = Math.max(this.shown, tty.nextSeq);
    this.game.drainOutput(); // a hint or answer leaves the console's cursor behind
    const duringText = during.map((c) => c.text).join('');
    const text = result.output;
    // The job notices end the output; before them, program output that
    // came while the command ran: split it off to show it in its streams'
    // colours (else show it with the command's own).
    const notices = result.notices && text.endsWith(result.notices) ? result.notices : '';
    const body = text.slice(0, text.length - notices.length);
    if (!duringText || !body.endsWith(duringText)) return { result, earlier, text: body, during: [], after: notices };
    return { result, earlier, text: body.slice(0, body.length - duringText.length), during, after: notices };
  }
}
