// Splitting a console line into words, as a shell does before it runs a
// command: quotes, backslashes, '#' comments, one output redirection
// (`echo 4096 > /proc/sys/kernel/pid_max`) and pipes into the console's
// filters (`ps -e | grep Z`), and bash's arithmetic expansion $((EXPR))
// (`translate 305 $((0x55d4c3a2f000 + 4096))`). There are no lists and no
// other expansions.

import { ArithError, evalArith } from './arith';

/** A line split into words. linux: none — this is bash's job (parse.y). */
export interface ParsedLine {
  words: string[]; // the command and its arguments, quotes removed
  pipeline: string[][]; // the commands after each `|`, in order (empty: no pipe)
  redirect: string | null; // target of `> FILE` or `>> FILE`, or null
  append: boolean; // the redirection was `>>`
  background: boolean; // the line ended with `&` (every job runs in the background anyway)
}

/** A line that cannot be split: the message is bash's, without the "bash: " prefix. */
export class ShellSyntaxError extends Error {
  /** bash's exit status: 2 for a syntax error, 1 for an expansion that failed ($((1/0))). */
  constructor(
    message: string,
    readonly status = 2,
  ) {
    super(message);
  }
}

/**
 * Where the `))` closing the `$((` at `at` starts. linux: none — bash's
 * parse.y finds it by counting parentheses.
 */
function arithEnd(text: string, at: number): number {
  let depth = 0;
  for (let j = at + 3; j < text.length; j++) {
    if (text[j] === '(') depth++;
    else if (text[j] === ')') {
      if (depth > 0) depth--;
      else if (text[j + 1] === ')') return j;
      else if (j + 1 >= text.length) break;
      // "$(( (1+2 ))": bash reads a command substitution, which kernlab has not.
      else throw new ShellSyntaxError("syntax error near unexpected token `('");
    }
  }
  throw new ShellSyntaxError("unexpected EOF while looking for matching `)'");
}

/** The value of the `$((...))` at `at` (nested ones first), and the index of its last `)`. */
function expandArith(text: string, at: number, vars: Map<string, bigint>): { value: string; end: number } {
  const end = arithEnd(text, at);
  let expr = '';
  const inner = text.slice(at + 3, end);
  for (let j = 0; j < inner.length; j++) {
    if (inner.startsWith('$((', j)) {
      const r = expandArith(inner, j, vars);
      expr += r.value;
      j = r.end;
    } else expr += inner[j];
  }
  try {
    return { value: String(evalArith(expr, vars)), end: end + 1 };
  } catch (e) {
    if (e instanceof ArithError) throw new ShellSyntaxError(e.message, 1);
    throw e;
  }
}

/**
 * Splits `line` into words. Single quotes keep everything literally;
 * double quotes keep everything but `\"`, `\\`, `\$` and `` \` ``; an
 * unquoted backslash quotes the next character; an unquoted `#` at the
 * start of a word starts a comment; `|` starts the next command of a
 * pipeline; `$((EXPR))` (unquoted or in double quotes) is replaced by its
 * value. Throws ShellSyntaxError for unbalanced quotes, an empty
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
  const vars = new Map<string, bigint>(); // $((x = 5)) ... $((x)): one line's names
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
        if (line.startsWith('$((', j)) {
          const r = expandArith(line, j, vars);
          cur += r.value;
          j = r.end;
        } else if (line[j] === '\\' && j + 1 < line.length && '"\\$`'.includes(line[j + 1])) {
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
    if (line.startsWith('$((', i)) {
      const r = expandArith(line, i, vars);
      cur += r.value;
      inWord = true;
      i = r.end;
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
