// Splitting a console line into words, as a shell does before it runs a
// command: quotes, backslashes, '#' comments, one output redirection
// (`echo 4096 > /proc/sys/kernel/pid_max`) and pipes into the console's
// filters (`ps -e | grep Z`). There are no lists or expansions.

/** A line split into words. linux: none — this is bash's job (parse.y). */
export interface ParsedLine {
  words: string[]; // the command and its arguments, quotes removed
  pipeline: string[][]; // the commands after each `|`, in order (empty: no pipe)
  redirect: string | null; // target of `> FILE` or `>> FILE`, or null
  append: boolean; // the redirection was `>>`
  background: boolean; // the line ended with `&` (every job runs in the background anyway)
}

/** A line that cannot be split: the message is bash's, without the "bash: " prefix. */
export class ShellSyntaxError extends Error {}

/**
 * Splits `line` into words. Single quotes keep everything literally;
 * double quotes keep everything but `\"`, `\\`, `\$` and `` \` ``; an
 * unquoted backslash quotes the next character; an unquoted `#` at the
 * start of a word starts a comment; `|` starts the next command of a
 * pipeline. Throws ShellSyntaxError for unbalanced quotes, an empty
 * command in a pipeline and the operators kernlab does not support
 * (`||`, `;`, `<`).
 */
export function splitWords(line: string): ParsedLine {
  const stages: string[][] = [[]];
  let words = stages[0];
  let redirect: string | null = null;
  let append = false;
  let background = false;
  let wantRedirect = false;
  let cur = '';
  let inWord = false;
  const finish = () => {
    if (!inWord) return;
    if (wantRedirect) {
      redirect = cur;
      wantRedirect = false;
    } else words.push(cur);
    cur = '';
    inWord = false;
  };
  for (let i = 0; i < line.length; i++) {
    const c = line[i];
    if (background && !/\s/.test(c)) throw new ShellSyntaxError("syntax error near unexpected token `&'");
    if (c === ' ' || c === '\t' || c === '\n' || c === '\r') {
      finish();
      continue;
    }
    if (c === '#' && !inWord) break;
    if (c === "'") {
      const end = line.indexOf("'", i + 1);
      if (end < 0) throw new ShellSyntaxError("unexpected EOF while looking for matching `''");
      cur += line.slice(i + 1, end);
      inWord = true;
      i = end;
      continue;
    }
    if (c === '"') {
      let j = i + 1;
      for (; j < line.length && line[j] !== '"'; j++) {
        if (line[j] === '\\' && j + 1 < line.length && '"\\$`'.includes(line[j + 1])) {
          cur += line[j + 1];
          j++;
        } else cur += line[j];
      }
      if (j >= line.length) throw new ShellSyntaxError('unexpected EOF while looking for matching `"\'');
      inWord = true;
      i = j;
      continue;
    }
    if (c === '\\') {
      if (i + 1 < line.length) cur += line[++i];
      inWord = true;
      continue;
    }
    if (c === '>') {
      finish();
      if (wantRedirect || redirect !== null) throw new ShellSyntaxError("syntax error near unexpected token `>'");
      if (line[i + 1] === '>') {
        append = true;
        i++;
      }
      wantRedirect = true;
      continue;
    }
    if (c === '&') {
      finish();
      if (line[i + 1] === '&') throw new ShellSyntaxError("syntax error near unexpected token `&&'");
      background = true;
      continue;
    }
    // "PROT_READ|PROT_WRITE": a '|' between two flag names is part of the word.
    if (c === '|' && inWord && /^[A-Z][A-Z0-9_|]*$/.test(cur) && /[A-Z]/.test(line[i + 1] ?? '')) {
      cur += c;
      continue;
    }
    if (c === '|' && line[i + 1] !== '|') {
      finish();
      if (!words.length || redirect !== null || background) throw new ShellSyntaxError("syntax error near unexpected token `|'");
      words = [];
      stages.push(words);
      continue;
    }
    if (c === '|' || c === ';' || c === '<') {
      const tok = line[i + 1] === c ? c + c : c;
      throw new ShellSyntaxError(`syntax error near unexpected token \`${tok}'`);
    }
    cur += c;
    inWord = true;
  }
  finish();
  if (wantRedirect) throw new ShellSyntaxError("syntax error near unexpected token `newline'");
  if (stages.length > 1 && !words.length) throw new ShellSyntaxError("syntax error near unexpected token `newline'");
  return { words: stages[0], pipeline: stages.slice(1), redirect, append, background };
}

/** Splits a line for tab completion: the words before the cursor, and the partial last one. */
export function completionWords(line: string): { before: string[]; last: string } {
  const m = /(\S*)$/.exec(line);
  const last = m ? m[1] : '';
  const head = line.slice(0, line.length - last.length);
  // After a pipe, the words of the command being typed (none right after the |: a command name comes next).
  if (/\|\s*$/.test(head) && !/\|\|\s*$/.test(head)) return { before: [], last };
  let before: string[];
  try {
    const p = splitWords(head);
    before = p.pipeline.length ? p.pipeline[p.pipeline.length - 1] : p.words;
  } catch {
    before = head.trim().split(/\s+/).filter(Boolean);
  }
  return { before, last };
}
