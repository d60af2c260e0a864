// The first frame, drawn the moment the screen opens: the title line and
// the menu's frame, while the levels are still being read. The menu
// replaces it a moment later. Keys pressed meanwhile (Enter on the
// briefing of `kernlab play 3`, the first command) are held, and handed to
// whatever listens once the splash is removed: on a busy machine the
// splash stays up for seconds, and they were lost.

import blessed from 'blessed';
import { COLOURS } from './theme';

/**
 * Draws the splash on `screen` now; returns a function that removes it and
 * replays the keys pressed while it was up (call it once the app listens).
 */
export function showSplash(screen: blessed.Widgets.Screen): () => void {
  const held: unknown[][] = [];
  const hold = (...args: unknown[]): void => {
    held.push(args);
  };
  screen.on('keypress', hold);
  const box = blessed.box({
    parent: screen,
    screen,
    top: 0,
    left: 0,
    width: '100%',
    height: '100%',
    tags: true,
    content: ` {bold}kernlab{/bold} · play against a simulated Linux kernel\n\n {${COLOURS.dim}-fg}reading the levels…{/${COLOURS.dim}-fg}`,
  });
  screen.render();
  (screen.program as unknown as { flush(): void }).flush();
  return () => {
    screen.removeListener('keypress', hold);
    box.destroy();
    for (const args of held.splice(0)) screen.emit('keypress', ...args);
  };
}
