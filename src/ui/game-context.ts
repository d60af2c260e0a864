// What the panes of one game screen share: the game, the selected task,
// the event-fed trackers (faults per page, the MMU trace) and the glyphs.
// The kernel is the only state; this holds the player's view of it.

import type { Game } from '../game/game';
import type { Kernel } from '../kernel/kernel';
import type { TaskStruct } from '../kernel/task';
import { FaultTally } from './fault-tally';
import type { Glyphs } from './theme';
import { WalkTrace } from './walk-trace';

/** Events after which the task tree may look different (not state changes: those are read when drawing). */
const FAMILY_EVENTS = new Set(['fork', 'exit', 'reap', 'reparent', 'exec', 'kthread']);

export class GameContext {
  readonly k: Kernel; // the machine
  readonly faults: FaultTally; // page faults per page, per mm
  readonly trace: WalkTrace; // translations of the selected task's mm
  selectedPid: number; // the task the memory, MMU and source panes show
  selectionVersion = 0; // bumped when the selection changes
  familyVersion = 0; // bumped when a task appears, goes, changes parent or name (the tree must be rebuilt)
  private readonly unlisten: () => void; // stops counting family changes

  constructor(
    readonly game: Game, // the level being played
    readonly glyphs: Glyphs, // box drawing and marks
    readonly unicode: boolean, // UTF-8 output
  ) {
    this.k = game.k;
    this.faults = new FaultTally(this.k);
    this.trace = new WalkTrace(this.k);
    this.selectedPid = defaultSelection(game);
    this.follow();
    this.unlisten = this.k.events.listen((e) => {
      if (FAMILY_EVENTS.has(e.type)) this.familyVersion++;
    });
  }

  /** The selected task, if it still exists. */
  selected(): TaskStruct | undefined {
    return this.k.findTask(this.selectedPid);
  }

  /** Select a task: the memory, MMU and source panes show it. */
  select(pid: number): void {
    if (pid === this.selectedPid) return;
    this.selectedPid = pid;
    this.selectionVersion++;
    this.trace.reset();
    this.follow();
  }

  /**
   * Trace the selected task's address space (it changes on exec). When the
   * task has exited, what was traced stays on show.
   */
  follow(): void {
    const t = this.selected();
    if (!t || !t.mm) this.trace.stop();
    else this.trace.follow(t.mm);
    this.trace.frame();
  }

  /** Stop following the kernel. Idempotent. */
  dispose(): void {
    this.unlisten();
    this.faults.dispose();
    this.trace.dispose();
  }
}

/** The task selected at the start: the level's first program, else the shell. */
export function defaultSelection(game: Game): number {
  for (const pid of game.view.labels.values()) {
    const t = game.k.findTask(pid);
    if (t && !t.isKthread) return pid;
  }
  for (const pid of game.view.labels.values()) if (game.k.findTask(pid)) return pid;
  return game.k.shell?.pid ?? 1;
}
