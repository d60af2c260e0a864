// A full-screen view of the app (menu, briefing, game, debrief): the app
// hands it the keys and the resizes, and destroys it when moving on.

import type { Key } from './panes/pane';

export interface View {
  /** A key pressed while this view is shown. */
  key(ch: string | undefined, key: Key): void;
  /** The terminal changed size: lay out again and draw. */
  resize(): void;
  /** Remove every element; stop whatever runs. Idempotent. */
  destroy(): void;
}
