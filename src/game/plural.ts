/** "1 tick", "2 ticks": a count and its noun, plural unless the count is 1. */
export function plural(n: number, noun: string): string {
  return `${n} ${noun}${n === 1 ? '' : 's'}`;
}
