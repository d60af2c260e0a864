// Keep Node's own warnings off the terminal.
//
// blessed 0.1.81 (and some blessed-contrib dependencies) still call the
// deprecated `Buffer()` constructor. Node prints DEP0005 to stderr the first
// time code outside node_modules calls it — and in the esbuild bundle and the
// standalone binary *all* code is outside node_modules — so the warning would
// land in the middle of the first frame. Importing this module (first, at the
// CLI entry) switches deprecation warnings off for the whole process before
// blessed is loaded. createScreen() imports it too, so a screen opened from
// any other entry (tests, the classroom server) is covered as well.

/**
 * Silence Node's deprecation warnings for this process. Idempotent.
 * Other warnings (experimental features, user code's process.emitWarning)
 * are left alone: the standalone binary disables its own SEA warning in
 * its sea-config instead.
 */
export function quietProcess(): void {
  process.noDeprecation = true;
}

quietProcess();
