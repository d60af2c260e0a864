// Templates filled from live state.
import { describe, expect, it } from 'vitest';
import { GameView } from '../../src/game/view';
import { sameAnswer } from '../../src/game/goal';
import { boot, start } from '../kernel/helpers';

describe('templates', () => {
  it('fill pids, symbol addresses, pages, page-table indices and offsets', () => {
    const k = boot();
    const v = new GameView(k);
    const t = start(k, 'prog', 'long counter = 5; int main(void) { for (;;) counter++; return 0; }');
    v.label('prog', t);
    k.run(5);
    const addr = v.symbolAddress('prog', 'counter')!;
    expect(addr).toBeGreaterThan(0x500000000000);
    const page = addr - (addr % 4096);
    expect(v.fill('kill {pid:prog}')).toBe(`kill ${t.pid}`);
    expect(v.fill('{addr:prog.counter}')).toBe('0x' + addr.toString(16));
    expect(v.fill('{page:prog.counter}')).toBe('0x' + page.toString(16));
    expect(v.fill('{page:prog.counter+4096}')).toBe('0x' + (page + 4096).toString(16));
    expect(v.fill('{page:prog.counter-0x1000}')).toBe('0x' + (page - 4096).toString(16));
    expect(v.fill('{pid:prog+1}')).toBe(String(t.pid + 1));
    const idx = [39, 30, 21, 12].map((s) => Math.floor(addr / 2 ** s) % 512).join(' ');
    expect(v.fill('{pt_indices:prog.counter}')).toBe(idx);
    expect(v.fill('{pid:nobody}')).toBe('<pid of nobody unknown>');
  });

  it('answers compare numbers by value and words by text', () => {
    expect(sameAnswer('0x1A 3', '26 0x3')).toBe(true);
    expect(sameAnswer('1,2', '1 2')).toBe(true);
    expect(sameAnswer('1 2', '2 1')).toBe(false);
    expect(sameAnswer('CPU', 'cpu')).toBe(true);
  });
});
