// The console's prompt line: text, cursor, history and completion, as
// readline/bash edit a line (Emacs keys). Pure: the console pane feeds it
// keys and draws what it holds.

/** Result of a completion attempt, for the pane to show. */
export interface Completion {
  changed: boolean; // the line was extended
  list: string[]; // candidates to show (when ambiguous and nothing more to add)
}

export class LineEditor {
  /** The line being edited. */
  text = '';
  /** Cursor position, 0..text.length. */
  cursor = 0;
  private readonly history: string[] = []; // lines entered, oldest first
  private browsing = -1; // index in history while browsing with up/down; -1 = the draft
  private draft = ''; // the line being typed before browsing started

  /** Insert typed text at the cursor. */
  insert(s: string): void {
    this.text = this.text.slice(0, this.cursor) + s + this.text.slice(this.cursor);
    this.cursor += s.length;
  }

  /** Delete the character before the cursor (Backspace). */
  backspace(): void {
    if (this.cursor === 0) return;
    this.text = this.text.slice(0, this.cursor - 1) + this.text.slice(this.cursor);
    this.cursor--;
  }

  /** Delete the character under the cursor (Delete, C-d). */
  del(): void {
    this.text = this.text.slice(0, this.cursor) + this.text.slice(this.cursor + 1);
  }

  left(): void {
    if (this.cursor > 0) this.cursor--;
  }

  right(): void {
    if (this.cursor < this.text.length) this.cursor++;
  }

  home(): void {
    this.cursor = 0;
  }

  end(): void {
    this.cursor = this.text.length;
  }

  /** C-u: delete from the start of the line to the cursor. */
  killToStart(): void {
    this.text = this.text.slice(this.cursor);
    this.cursor = 0;
  }

  /** C-k: delete from the cursor to the end. */
  killToEnd(): void {
    this.text = this.text.slice(0, this.cursor);
  }

  /** C-w: delete the word before the cursor. */
  killWord(): void {
    const before = this.text.slice(0, this.cursor).replace(/\S+\s*$/, '');
    this.text = before + this.text.slice(this.cursor);
    this.cursor = before.length;
  }

  /** Up: the previous history line (the draft is kept). */
  up(): void {
    if (!this.history.length) return;
    if (this.browsing === -1) {
      this.draft = this.text;
      this.browsing = this.history.length;
    }
    if (this.browsing > 0) this.browsing--;
    this.text = this.history[this.browsing];
    this.cursor = this.text.length;
  }

  /** Down: the next history line, then back to the draft. */
  down(): void {
    if (this.browsing === -1) return;
    this.browsing++;
    if (this.browsing >= this.history.length) {
      this.browsing = -1;
      this.text = this.draft;
    } else this.text = this.history[this.browsing];
    this.cursor = this.text.length;
  }

  /** Enter: returns the line, records it in history (unless blank or a repeat) and clears. */
  submit(): string {
    const line = this.text;
    if (line.trim() && this.history[this.history.length - 1] !== line) this.history.push(line);
    this.text = '';
    this.cursor = 0;
    this.browsing = -1;
    this.draft = '';
    return line;
  }

  /** Ctrl-C: the line is dropped, not kept in the history (readline's abort); what it was. */
  cancel(): string {
    const line = this.text;
    this.text = '';
    this.cursor = 0;
    this.browsing = -1;
    this.draft = '';
    return line;
  }

  /**
   * Tab: complete the word before the cursor from `candidates(lineToCursor)`
   * (whole words). One candidate: the word is replaced by it and a space
   * follows (not after a '/'). Several: extended to their common prefix;
   * if that adds nothing, they are listed (bash lists on a second Tab;
   * listing at once is kinder to a first-time player).
   */
  complete(candidates: (line: string) => string[]): Completion {
    const head = this.text.slice(0, this.cursor);
    const tail = this.text.slice(this.cursor);
    const word = /\S*$/.exec(head)![0];
    const list = candidates(head);
    if (!list.length) return { changed: false, list: [] };
    let replacement: string;
    if (list.length === 1) replacement = list[0].endsWith('/') ? list[0] : list[0] + ' ';
    else replacement = commonPrefix(list);
    if (replacement.length > word.length) {
      const before = head.slice(0, head.length - word.length);
      this.text = before + replacement + tail;
      this.cursor = before.length + replacement.length;
      return { changed: true, list: [] };
    }
    return { changed: false, list: list.length > 1 ? list : [] };
  }

  /** Lines entered so far, oldest first. */
  entered(): readonly string[] {
    return this.history;
  }
}

/** The longest prefix every string shares. */
export function commonPrefix(xs: readonly string[]): string {
  if (!xs.length) return '';
  let p = xs[0];
  for (const x of xs) {
    let i = 0;
    while (i < p.length && i < x.length && p[i] === x[i]) i++;
    p = p.slice(0, i);
  }
  return p;
}
