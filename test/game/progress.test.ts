// Which levels the menu opens: the first, each one after a solved level,
// and any level solved already (played out of order by name).
import { describe, expect, it } from 'vitest';
import { emptyProgress, isUnlocked, recordResult } from '../../src/game/progress';

describe('isUnlocked', () => {
  const ids = ['a', 'b', 'c', 'd'];
  it('opens the first level, and the one after each solved level', () => {
    let p = emptyProgress();
    expect(ids.map((id) => isUnlocked(p, ids, id))).toEqual([true, false, false, false]);
    p = recordResult(p, 'a', true, 900, 2);
    expect(ids.map((id) => isUnlocked(p, ids, id))).toEqual([true, true, false, false]);
  });

  it('keeps open a level solved out of order, without opening the ones before it', () => {
    let p = recordResult(emptyProgress(), 'c', true, 950, 3);
    expect(ids.map((id) => isUnlocked(p, ids, id))).toEqual([true, false, true, true]);
    p = recordResult(p, 'b', false, 0, 0); // played, not solved: stays locked
    expect(isUnlocked(p, ids, 'b')).toBe(false);
  });
});
