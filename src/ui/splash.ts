// The first frame, drawn the moment the screen opens: the title line and
// the menu's frame, while the levels are still being read. The menu
// replaces it a moment later.

import blessed from 'blessed';
import { COLOURS } from './theme';

/** Draws the splash on `screen` now; returns a function that removes it. */
export function showSplash(screen: blessed.Widgets.Screen): () => void {
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
  return () => box.destroy();
}
