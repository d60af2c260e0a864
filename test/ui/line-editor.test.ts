// The prompt line: editing keys, history and completion as bash does them.
import { describe, expect, it } from 'vitest';
import { commonPrefix, LineEditor } from '../../src/ui/line-editor';

describe('line editor', () => {
  it('edits like readline', () => {
    const e = new LineEditor();
    e.insert('kill 42');
    e.left();
    e.left();
    e.insert('-9 ');
    expect(e.text).toBe('kill -9 42');
    e.home();
    e.del();
    expect(e.text).toBe('ill -9 42');
    e.end();
    e.killWord();
    expect(e.text).toBe('ill -9 ');
    e.backspace();
    expect(e.text).toBe('ill -9');
    e.home();
    e.right();
    e.killToEnd();
    expect(e.text).toBe('i');
    e.end();
    e.insert('d');
    e.killToStart();
    expect(e.text).toBe('');
  });

  it('keeps history, and the draft while browsing it', () => {
    const e = new LineEditor();
    for (const l of ['ps', 'pstree -p', 'pstree -p', '  ']) {
      e.insert(l);
      e.submit();
    }
    expect(e.entered()).toEqual(['ps', 'pstree -p']); // repeats and blank lines are not kept
    e.insert('kil');
    e.up();
    expect(e.text).toBe('pstree -p');
    e.up();
    e.up();
    expect(e.text).toBe('ps');
    e.down();
    expect(e.text).toBe('pstree -p');
    e.down();
    expect(e.text).toBe('kil');
    expect(e.cursor).toBe(3);
  });

  it('completes a unique word with a space, a common prefix, and lists the rest', () => {
    const e = new LineEditor();
    const cands = (line: string): string[] => {
      const w = /\S*$/.exec(line)![0];
      return ['kill', 'kthread_stop', 'kthread_create', '/proc/'].filter((c) => c.startsWith(w));
    };
    e.insert('ki');
    expect(e.complete(cands)).toEqual({ changed: true, list: [] });
    expect(e.text).toBe('kill ');
    e.submit();
    e.insert('kt');
    expect(e.complete(cands).changed).toBe(true);
    expect(e.text).toBe('kthread_');
    expect(e.complete(cands)).toEqual({ changed: false, list: ['kthread_stop', 'kthread_create'] });
    e.submit();
    e.insert('cat /pr');
    e.complete(cands);
    expect(e.text).toBe('cat /proc/'); // no space after a directory
    expect(commonPrefix(['abc', 'abd', 'ab'])).toBe('ab');
  });
});
