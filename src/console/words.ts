// Splitting a console line into words, as a shell does before it runs a
// command: lists (`kill -CONT 305; ps`, `kill -0 305 && echo alive`),
// quotes, backslashes, '#' comments, one output redirection
// (`echo 4096 > /proc/sys/kernel/pid_max`) and pipes into the console's
// filters (`ps -e | grep Z`), and bash's arithmetic expansion $((EXPR))
// (`translate 305 $((0x55d4c3a2f000 + 4096))`), and command substitution
// $(CMD) and `CMD` (`kill $(pgrep hog)`, `$(( $(pgrep hog) + 1 ))`).
// There are no variables but `$?`, and no globbing.

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

/** Runs the command of a `$(CMD)` (bash's command_substitute); returns what it printed. */
export type Substitute = (command: string) => string;

/**
 * Where the `)` closing the `$(` at `at` is. linux: none — bash's
 * parse_comsub reads the command inside with its quotes, so a `)` in
 * quotes does not close it, and a comment runs past it.
 */
function substEnd(text: string, at: number): number {
  let depth = 0;
  for (let j = at + 2; j < text.length; j++) {
    const c = text[j];
    if (c === '\\') j++;
    else if (c === "'") {
      j = text.indexOf("'", j + 1);
      if (j < 0) throw new ShellSyntaxError("unexpected EOF while looking for matching `''");
    } else if (c === '"') j = dquoteEnd(text, j);
    else if (c === '`') j = backquoteEnd(text, j);
    else if (c === '#' && /\s/.test(text[j - 1])) break; // "$(echo a # )": the comment takes the `)`
    else if (c === '(') depth++; // a nested $( or $((: counted, read again when it runs
    else if (c === ')') {
      if (!depth) return j;
      depth--;
    }
  }
  throw new ShellSyntaxError("unexpected EOF while looking for matching `)'");
}

/** Where the `"` closing the one at `at` is (a `"` inside a `$(...)` or backquotes in it does not close it). */
function dquoteEnd(text: string, at: number): number {
  for (let j = at + 1; j < text.length; j++) {
    if (text[j] === '\\') j++;
    else if (text[j] === '`') j = backquoteEnd(text, j);
    else if (text.startsWith('$(', j)) j = substEnd(text, j);
    else if (text[j] === '"') return j;
  }
  throw new ShellSyntaxError('unexpected EOF while looking for matching `"\'');
}

/** Where the backquote closing the one at `at` is (`\`` does not close it). */
function backquoteEnd(text: string, at: number): number {
  for (let j = at + 1; j < text.length; j++) {
    if (text[j] === '\\') j++;
    else if (text[j] === '`') return j;
  }
  throw new ShellSyntaxError('unexpected EOF while looking for matching ``\'');
}

/**
 * The command of the `$(CMD)` or `CMD` at `at` and the index of its last
 * character. Within backquotes a backslash quotes only \\, ` and $ (and "
 * inside double quotes): the rest is the inner command's.
 */
function substCommand(text: string, at: number, quoted: boolean): { command: string; end: number } {
  if (text[at] === '$') {
    const end = substEnd(text, at);
    return { command: text.slice(at + 2, end), end };
  }
  const end = backquoteEnd(text, at);
  const command = text.slice(at + 1, end).replace(/\\([\\`$"])/g, (m, ch: string) => (ch === '"' && !quoted ? m : ch));
  return { command, end };
}

/** Whether a command substitution starts at `i`: backquote, or `$(` that is not `$((`. */
function substStarts(text: string, i: number): boolean {
  return text[i] === '`' || (text.startsWith('$(', i) && text[i + 2] !== '(');
}

/**
 * A `$(CMD)` read without running it (a line only being split, checked
 * before it runs, or completed): CMD must parse, as bash's parse_comsub
 * reads it with the line, and the substitution stays in its word as typed.
 * Backquotes are read only when they run, so their syntax errors come then.
 */
function checkSubstitution(command: string): void {
  try {
    for (const c of splitList(command)) splitWords(c.text);
  } catch (e) {
    // An expansion that fails ($((1/0))) fails only when it runs.
    if (!(e instanceof ShellSyntaxError) || e.status !== 2) throw e;
    // "$(echo |)": the token bash meets is the `)`, not the end of the line.
    throw new ShellSyntaxError(e.message.replace('`newline\'', "`)'"));
  }
}

/** What a substitution gives: its output less the trailing newlines (bash's command_substitute strips them). */
function substOutput(subst: Substitute, command: string): string {
  return subst(command).replace(/\n+$/, '');
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

/**
 * The value of the `$((...))` at `at` (nested ones and command
 * substitutions in it first, as bash expands them), and the index of its
 * last `)`. Without `subst` a substitution counts as 1 (the line is only
 * being checked); when `subst` only records (SUBSTITUTED), so is the value.
 */
function expandArith(text: string, at: number, vars: Map<string, bigint>, subst?: Substitute): { value: string; end: number } {
  const end = arithEnd(text, at);
  let expr = '';
  const inner = text.slice(at + 3, end);
  for (let j = 0; j < inner.length; j++) {
    if (inner.startsWith('$((', j)) {
      const r = expandArith(inner, j, vars, subst);
      expr += r.value;
      j = r.end;
    } else if (substStarts(inner, j)) {
      const { command, end: e } = substCommand(inner, j, false);
      if (subst) expr += substOutput(subst, command);
      else {
        if (inner[j] === '$') checkSubstitution(command);
        expr += '1';
      }
      j = e;
    } else expr += inner[j];
  }
  if (expr.includes(SUBSTITUTED)) return { value: SUBSTITUTED, end: end + 1 };
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
 * value; `$(CMD)` and `CMD` by what `subst` says CMD printed (without
 * `subst` they stay as typed, only checked); `$?` by what `status` says
 * (the last command's exit status; without it, `$?` stays). One command of a list
 * (splitList): throws ShellSyntaxError for unbalanced quotes, an empty
 * command in a pipeline, a list operator and `<` (no input redirection).
 */
export function splitWords(line: string, subst?: Substitute, status?: () => number): ParsedLine {
  const stages: string[][] = [[]];
  let words = stages[0];
  let redirect: string | null = null;
  let append = false;
  let background = false;
  let wantRedirect = false;
  let cur = '';
  let inWord = false;
  let stageUsed = false; // the command being read has a word, or a substitution that may have given none
  const vars = new Map<string, bigint>(); // $((x = 5)) ... $((x)): one line's names
  let pos = 0; // where the scan is: the end of the word finish() ends
  let redirectFrom = 0; // where the word after `>` starts
  let ambiguous = false; // a substitution gave the `>` no word, or several
  const finish = () => {
    if (!inWord) return;
    if (ambiguous) throw new ShellSyntaxError(`${line.slice(redirectFrom, pos).trim()}: ambiguous redirect`, 1);
    if (wantRedirect) {
      redirect = cur;
      wantRedirect = false;
    } else {
      words.push(cur);
      stageUsed = true;
    }
    cur = '';
    inWord = false;
  };
  for (let i = 0; i < line.length; i++) {
    const c = line[i];
    pos = i;
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
          const r = expandArith(line, j, vars, subst);
          cur += r.value;
          j = r.end;
        } else if (substStarts(line, j)) {
          // "$(CMD)": one word, however many spaces and lines its output holds.
          const { command, end } = substCommand(line, j, true);
          if (subst) cur += substOutput(subst, command);
          else {
            if (line[j] === '$') checkSubstitution(command);
            cur += line.slice(j, end + 1);
          }
          j = end;
        } else if (line.startsWith('$?', j) && status) {
          cur += String(status());
          j++;
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
    if (line.startsWith('$?', i) && status) {
      cur += String(status());
      inWord = true;
      i++;
      continue;
    }
    if (line.startsWith('$((', i)) {
      const r = expandArith(line, i, vars, subst);
      cur += r.value;
      inWord = true;
      i = r.end;
      continue;
    }
    if (substStarts(line, i)) {
      const { command, end } = substCommand(line, i, false);
      stageUsed = true;
      if (!subst) {
        if (c === '$') checkSubstitution(command);
        cur += line.slice(i, end + 1);
        inWord = true;
      } else {
        // Unquoted, the output is split into words at blanks and newlines
        // (bash's IFS); nothing at all is no word (`kill $(pgrep none)`: kill alone).
        const s = substOutput(subst, command);
        const fields = s.split(/[ \t\n]+/).filter(Boolean);
        if (wantRedirect && fields.length !== 1) {
          ambiguous = true; // said when the word ends, with all of it
          inWord = true;
          i = end;
          continue;
        }
        if (/^[ \t\n]/.test(s)) finish();
        fields.forEach((f, k) => {
          if (k) finish();
          cur += f;
          inWord = true;
        });
        if (fields.length && /[ \t\n]$/.test(s)) finish();
      }
      i = end;
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
      redirectFrom = i + 1;
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
      if (!stageUsed || redirect !== null || background) throw new ShellSyntaxError("syntax error near unexpected token `|'");
      words = [];
      stageUsed = false;
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
  pos = line.length;
  finish();
  if (wantRedirect) throw new ShellSyntaxError("syntax error near unexpected token `newline'");
  if (stages.length > 1 && !stageUsed) throw new ShellSyntaxError("syntax error near unexpected token `newline'");
  return { words: stages[0], pipeline: stages.slice(1), redirect, append, background };
}

/** A command of a line: its words, and whether it writes into a file (`> FILE`). */
export interface LineCommand {
  argv: string[];
  redirects: boolean; // its output goes to a file (> FILE)
  nested: boolean; // its status is not the line's: it runs inside a command substitution, or before a `;`, `&&` or `||`
}

/** What a command substitution stands for in lineCommands: its output is not known without running it. */
export const SUBSTITUTED = '\0';

/**
 * Every command a line would run, without running any: each one of its
 * pipe and, in turn, those inside its command substitutions (a word that
 * one gives holds SUBSTITUTED). None for a line the shell cannot split (it
 * does nothing). What the game counts as an action, and what a classroom
 * bounds, look at all of them.
 */
export function lineCommands(line: string): LineCommand[] {
  const inner: string[] = [];
  const out: LineCommand[] = [];
  try {
    const list = splitList(line);
    checkSyntax(list);
    list.forEach((c, n) => {
      const p = splitWords(c.text, (command) => {
        inner.push(command);
        return SUBSTITUTED;
      });
      const stages = [p.words, ...p.pipeline];
      const last = n === list.length - 1;
      out.push(...stages.map((argv, i) => ({ argv, redirects: i === stages.length - 1 && p.redirect !== null, nested: !last })));
    });
  } catch (e) {
    if (e instanceof ShellSyntaxError && e.status === 2) return [];
    if (!(e instanceof ShellSyntaxError)) throw e;
    // $((1/0)): the line stops there when it runs; what came before it runs.
  }
  return [...out, ...inner.flatMap(lineCommands).map((c) => ({ ...c, nested: true }))];
}

/**
 * bash reads the whole line before it runs any of it: throws the syntax
 * error (status 2) of any command of the list, in a $(...) too. An
 * expansion that fails ($((1/0))) fails only when its turn comes, after
 * what runs before it: not here.
 */
export function checkSyntax(list: ListPart[]): void {
  for (const part of list) {
    try {
      splitWords(part.text);
    } catch (e) {
      if (!(e instanceof ShellSyntaxError) || e.status === 2) throw e;
    }
  }
}

/** One command of a list and the operator after it (null after the last). */
export interface ListPart {
  text: string; // the command (a pipeline), as typed
  op: ';' | '&&' | '||' | null; // `&` ends a part too (bash's asynchronous list), as `;` does here
}

/**
 * Splits a line into the commands of its list (bash's `list`: commands
 * separated by `;`, `&`, `&&` and `||`), without running anything; a
 * separator inside quotes, a $(...), backquotes or a comment is not one.
 * A part keeps its `&` (splitWords reads it). Throws ShellSyntaxError, as
 * bash says it: an empty part before an operator, `;;`, or a line that
 * ends in `&&` or `||`.
 */
export function splitList(line: string): ListPart[] {
  const parts: ListPart[] = [];
  let start = 0;
  const end = (i: number, op: ';' | '&&' | '||', len: number) => {
    const text = line.slice(start, i);
    if (!text.trim()) throw new ShellSyntaxError(`syntax error near unexpected token \`${line.slice(i, i + len)}'`);
    parts.push({ text, op });
    start = i + len;
  };
  for (let i = 0; i < line.length; i++) {
    const c = line[i];
    if (c === '\\') i++;
    else if (c === "'") {
      i = line.indexOf("'", i + 1);
      if (i < 0) break; // splitWords says it
    } else if (c === '"' || c === '`' || line.startsWith('$(', i)) {
      try {
        i = c === '"' ? dquoteEnd(line, i) : c === '`' ? backquoteEnd(line, i) : substEnd(line, i);
      } catch (e) {
        if (e instanceof ShellSyntaxError) break; // unbalanced: splitWords says it
        throw e;
      }
    } else if (c === '#' && (i === 0 || /[\s;&|]/.test(line[i - 1]))) break;
    else if (c === ';') {
      if (line[i + 1] === ';') throw new ShellSyntaxError("syntax error near unexpected token `;;'");
      end(i, ';', 1);
    } else if ((c === '&' || c === '|') && line[i + 1] === c) {
      end(i, c === '&' ? '&&' : '||', 2);
      i++;
    } else if (c === '&' && line[i + 1] !== '>' && line[i - 1] !== '>') {
      if (!line.slice(start, i).trim()) throw new ShellSyntaxError("syntax error near unexpected token `&'");
      parts.push({ text: line.slice(start, i + 1), op: ';' });
      start = i + 1;
    }
  }
  const rest = line.slice(start);
  const prev = parts[parts.length - 1];
  if (rest.trim() && !/^\s*#/.test(rest)) parts.push({ text: rest, op: null });
  else if (prev && prev.op !== ';') throw new ShellSyntaxError('syntax error: unexpected end of file');
  else if (prev) prev.op = null;
  else parts.push({ text: rest, op: null }); // nothing but blanks or a comment
  return parts;
}

/**
 * Where the command inside the innermost `$(` or backquote still open at
 * the end of `line` starts (-1: none is open): tab completion there
 * completes that command (`kill $(pgr` completes pgrep).
 */
export function openSubstitution(line: string): number {
  for (let i = 0; i < line.length; i++) {
    const c = line[i];
    if (c === '\\') i++;
    else if (c === "'") {
      i = line.indexOf("'", i + 1);
      if (i < 0) return -1;
    } else if (c === '"' || substStarts(line, i)) {
      try {
        i = c === '"' ? dquoteEnd(line, i) : substCommand(line, i, false).end;
      } catch (e) {
        if (!(e instanceof ShellSyntaxError)) throw e;
        if (c === '"') continue; // an open "...": what is in it may open one
        const start = i + (c === '`' ? 1 : 2);
        return start + Math.max(0, openSubstitution(line.slice(start)));
      }
    }
  }
  return -1;
}

/** Splits a line for tab completion: the words before the cursor, and the partial last one. */
export function completionWords(line: string): { before: string[]; last: string } {
  const m = /(\S*)$/.exec(line);
  const last = m ? m[1] : '';
  const head = line.slice(0, line.length - last.length);
  // After a pipe or a list's operator, the words of the command being typed (none right after it: a command name comes next).
  if (/(\||;|&)\s*$/.test(head)) return { before: [], last };
  let before: string[];
  try {
    const list = splitList(head);
    const p = splitWords(list[list.length - 1].text);
    before = p.pipeline.length ? p.pipeline[p.pipeline.length - 1] : p.words;
  } catch {
    before = head.trim().split(/\s+/).filter(Boolean);
  }
  return { before, last };
}
