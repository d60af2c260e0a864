// Splitting a console line into words, as a shell does before it runs a
// command: lists (`kill -CONT 305; ps`, `kill -0 305 && echo alive`),
// quotes, backslashes, '#' comments, one output redirection
// (`echo 4096 > /proc/sys/kernel/pid_max`) and pipes into the console's
// filters (`ps -e | grep Z`), and bash's arithmetic expansion $((EXPR))
// (`translate 305 $((0x55d4c3a2f000 + 4096))`), and command substitution
// $(CMD) and `CMD` (`kill $(pgrep hog)`, `$(( $(pgrep hog) + 1 ))`),
// shell variables (`PID=$(pgrep hog)`, then `kill $PID`, `${PID}`) and
// `$?`. There is no globbing.

import { ArithError, evalArith, type ArithVars } from './arith';

/** `NAME=value` before a command's name (or alone), its value expanded. */
export interface Assignment {
  name: string; // a valid name: a letter or _, then letters, digits, _
  value: string; // expanded, not split into words; `NAME+=x` already appended
}

/**
 * The shell's parameters as a line expands them: its variables by name,
 * and the special ones (`?`, `$`, `!`, `#`, `0`-`9`).
 */
export interface ShellParams {
  /** The value, or undefined when it is unset (it expands to nothing). */
  get(name: string): string | undefined;
  /** Assigns a variable (`$((x = 5))`); throws ShellSyntaxError when it is read-only. */
  set(name: string, value: string): void;
}

/** A line split into words. linux: none — this is bash's job (parse.y). */
export interface ParsedLine {
  words: string[]; // the command and its arguments, quotes removed
  pipeline: string[][]; // the commands after each `|`, in order (empty: no pipe)
  assigns: Assignment[][]; // the assignments before each command: [0] before `words`, then one per pipeline command
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
function expandArith(text: string, at: number, vars: ArithVars, subst?: Substitute, params?: ShellParams): { value: string; end: number } {
  const end = arithEnd(text, at);
  let expr = '';
  const inner = text.slice(at + 3, end);
  for (let j = 0; j < inner.length; j++) {
    const p = inner[j] === '$' ? paramAt(inner, j) : null;
    if (inner.startsWith('$((', j)) {
      const r = expandArith(inner, j, vars, subst, params);
      expr += r.value;
      j = r.end;
    } else if (p) {
      // "$(( $PID + 1 ))": the value in its place, as text (a checked line's stands for 1).
      expr += params ? paramValue(p, params.get(p.name)) : '1';
      j = p.end;
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
    if (e === UNKNOWN) return { value: SUBSTITUTED, end: end + 1 };
    if (e instanceof ArithError) throw new ShellSyntaxError(e.message, 1);
    throw e;
  }
}

/** Thrown by shellArithVars when a variable's value is not known (SUBSTITUTED): the expression's is not either. */
const UNKNOWN = new Error('value known only when the line runs');

/** How deep variables' values may name other variables (bash: MAX_EXPR_RECURSION_LEVEL, 1024; kernlab stops at 100, within its stack). */
const MAX_EXPR_RECURSION = 100;

/**
 * The shell's variables as $((...)) reads them (bash's expr.c expr_streval):
 * a name's value is itself evaluated as an expression (`A=1+2`,
 * `$((A * 2))` is 6; empty or unset is 0); an assignment sets the
 * variable. Without `params`, names are one line's own (a line only
 * being checked).
 */
function shellArithVars(params?: ShellParams): ArithVars {
  if (!params) return new Map<string, bigint>();
  let depth = 0;
  const vars: ArithVars = {
    get(name) {
      const v = params.get(name);
      if (v === undefined || !v.trim()) return undefined;
      if (v.includes(SUBSTITUTED)) throw UNKNOWN;
      if (++depth > MAX_EXPR_RECURSION) {
        depth = 0;
        throw new ArithError(`${name}: expression recursion level exceeded (error token is "${name}")`);
      }
      try {
        return evalArith(v, vars);
      } finally {
        depth = Math.max(0, depth - 1);
      }
    },
    set(name, value) {
      params.set(name, String(value));
    },
  };
  return vars;
}

/** A parameter expansion: `$NAME`, `${NAME}`, `${#NAME}`, `$?`. */
interface ParamRef {
  name: string; // a variable's name, or a special parameter's character(s)
  length: boolean; // ${#NAME}: the length of the value
  end: number; // index of its last character
}

/** A name as bash's legal_identifier takes it. */
export const NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;

/**
 * The parameter expansion at `at` (a `$`), or null when the `$` starts
 * none (`$`, `$%`: a `$` as is). `${...}` must close (a syntax error
 * otherwise, as bash's parser says); what is inside is checked when it
 * expands (paramValue), as bash does. linux: none — bash's
 * param_expand, parameter_brace_expand.
 */
function paramAt(text: string, at: number): ParamRef | null {
  const c = text[at + 1];
  if (c === '{') {
    const close = text.indexOf('}', at + 2);
    if (close < 0) throw new ShellSyntaxError("unexpected EOF while looking for matching `}'");
    const body = text.slice(at + 2, close);
    const m = /^(#?)([A-Za-z_][A-Za-z0-9_]*|[0-9]+|[?$!#])$/.exec(body);
    // An operator this console does not have, or bash's bad substitution: said when it expands.
    if (!m) return { name: '{' + body, length: false, end: close };
    return { name: m[2], length: m[1] === '#', end: close };
  }
  if (c === undefined) return null;
  if (/[A-Za-z_]/.test(c)) {
    const m = /^[A-Za-z_][A-Za-z0-9_]*/.exec(text.slice(at + 1))!;
    return { name: m[0], length: false, end: at + m[0].length };
  }
  if (/[0-9?$!#]/.test(c)) return { name: c, length: false, end: at + 1 };
  return null;
}

/** What a parameter expands to, given the value of its name (undefined: unset). Throws ShellSyntaxError for a `${...}` kernlab cannot expand. */
function paramValue(p: ParamRef, value: string | undefined): string {
  if (p.name.startsWith('{')) {
    const body = p.name.slice(1);
    // ${A:-x}, ${A#pre}, ${A/x/y}...: bash's operators, which kernlab has not; anything else is bash's error.
    if (/^([A-Za-z_][A-Za-z0-9_]*|[0-9]+|[?$!#@*-])(:?[-=?+]|##?|%%?|\/|\^|,|:|\[)/.test(body)) {
      throw new ShellSyntaxError(`\${${body}}: kernlab expands only \${NAME} and \${#NAME}`, 1);
    }
    throw new ShellSyntaxError(`\${${body}}: bad substitution`, 1);
  }
  const v = value ?? '';
  if (!p.length || v.includes(SUBSTITUTED)) return v;
  return String([...v].length);
}

/**
 * Splits `line` into words. Single quotes keep everything literally;
 * double quotes keep everything but `\"`, `\\`, `\$` and `` \` ``; an
 * unquoted backslash quotes the next character; an unquoted `#` at the
 * start of a word starts a comment; `|` starts the next command of a
 * pipeline; `$((EXPR))` (unquoted or in double quotes) is replaced by its
 * value; `$(CMD)` and `CMD` by what `subst` says CMD printed (without
 * `subst` they stay as typed, only checked); `$NAME`, `${NAME}`,
 * `${#NAME}` and `$?` by what `params` says (without it, they stay). An
 * unquoted expansion is split into words at blanks (`A="1 2"; kill $A`
 * gives kill two), a quoted one is not. `NAME=value` words before the
 * command's name are its assignments (not split; a later one sees an
 * earlier one's value: `X=1 Y=$X`), and the command's words see the
 * variables as they were (`A=5 echo $A`), as in bash. One command of a
 * list (splitList): throws ShellSyntaxError for unbalanced quotes, an
 * empty command in a pipeline, a list operator and `<` (no input
 * redirection).
 */
export function splitWords(line: string, subst?: Substitute, params?: ShellParams): ParsedLine {
  const stages: string[][] = [[]];
  let words = stages[0];
  const assignStages: Assignment[][] = [[]];
  let assigns = assignStages[0];
  let assigning: { name: string; append: boolean } | null = null; // the word being read is NAME=value
  let commandSeen = false; // a word that is no assignment has started: the rest are the command's
  const assigned = new Map<string, string>(); // this command's assignments so far, which later ones' values see
  let redirect: string | null = null;
  let append = false;
  let background = false;
  let wantRedirect = false;
  let cur = '';
  let inWord = false;
  let stageUsed = false; // the command being read has a word, or a substitution that may have given none
  const vars = shellArithVars(params); // $((x = 5)) ... $((x)): the shell's variables (one line's names when only checked)
  let pos = 0; // where the scan is: the end of the word finish() ends
  let redirectFrom = 0; // where the word after `>` starts
  let ambiguous = false; // a substitution gave the `>` no word, or several
  const finish = () => {
    if (!inWord) return;
    if (ambiguous) throw new ShellSyntaxError(`${line.slice(redirectFrom, pos).trim()}: ambiguous redirect`, 1);
    if (wantRedirect) {
      redirect = cur;
      wantRedirect = false;
    } else if (assigning) {
      const value = assigning.append && params ? (lookup(assigning.name) ?? '') + cur : cur;
      assigns.push({ name: assigning.name, value });
      assigned.set(assigning.name, value);
      assigning = null;
      stageUsed = true;
    } else {
      words.push(cur);
      stageUsed = true;
    }
    cur = '';
    inWord = false;
  };
  // An assignment's value sees the ones before it; the command's words see the variables as they were.
  const lookup = (name: string): string | undefined => (assigning && assigned.has(name) ? assigned.get(name) : params?.get(name));
  /**
   * An unquoted expansion's text into the words: split at blanks and
   * newlines (bash's IFS), nothing at all is no word; in an assignment's
   * value it is not split.
   */
  const splice = (s: string) => {
    if (assigning) {
      cur += s;
      inWord = true;
      return;
    }
    const fields = s.split(/[ \t\n]+/).filter(Boolean);
    if (wantRedirect && fields.length !== 1) {
      ambiguous = true; // said when the word ends, with all of it
      inWord = true;
      return;
    }
    if (/^[ \t\n]/.test(s)) finish();
    fields.forEach((f, k) => {
      if (k) finish();
      cur += f;
      inWord = true;
    });
    if (fields.length && /[ \t\n]$/.test(s)) finish();
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
    if (!inWord && !commandSeen && !wantRedirect && c !== '>' && c !== '&' && c !== '|') {
      // bash's assignment word: NAME=, unquoted, before the command's name ("A"=1 is a command).
      const m = /^([A-Za-z_][A-Za-z0-9_]*)(\+?)=/.exec(line.slice(i));
      if (m) {
        assigning = { name: m[1], append: m[2] === '+' };
        inWord = true;
        i += m[0].length - 1;
        continue;
      }
      commandSeen = true;
    }
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
        const p = line[j] === '$' ? paramAt(line, j) : null;
        if (line.startsWith('$((', j)) {
          const r = expandArith(line, j, vars, subst, params);
          cur += r.value;
          j = r.end;
        } else if (p) {
          // "$A": one word, blanks kept; an unset one is an empty word.
          cur += params ? paramValue(p, lookup(p.name)) : line.slice(j, p.end + 1);
          j = p.end;
        } else if (substStarts(line, j)) {
          // "$(CMD)": one word, however many spaces and lines its output holds.
          const { command, end } = substCommand(line, j, true);
          if (subst) cur += substOutput(subst, command);
          else {
            if (line[j] === '$') checkSubstitution(command);
            cur += line.slice(j, end + 1);
          }
          j = end;
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
      const r = expandArith(line, i, vars, subst, params);
      cur += r.value;
      inWord = true;
      i = r.end;
      continue;
    }
    const p = c === '$' ? paramAt(line, i) : null;
    if (p) {
      stageUsed = true;
      if (params) splice(paramValue(p, lookup(p.name)));
      else {
        cur += line.slice(i, p.end + 1);
        inWord = true;
      }
      i = p.end;
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
        // Unquoted, the output is split into words (`kill $(pgrep none)`: kill alone).
        splice(substOutput(subst, command));
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
      assigns = [];
      assignStages.push(assigns);
      commandSeen = false;
      assigned.clear();
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
  return { words: stages[0], pipeline: stages.slice(1), assigns: assignStages, redirect, append, background };
}

/** A command of a line: its words, and whether it writes into a file (`> FILE`). */
export interface LineCommand {
  argv: string[];
  redirects: boolean; // its output goes to a file (> FILE)
  nested: boolean; // its status is not the line's: it runs inside a command substitution, or before a `;`, `&&` or `||`
}

/** What a command substitution stands for in lineCommands: its output is not known without running it. */
export const SUBSTITUTED = '\0';

/** The parameters of a line not run: every value is known only when it runs (`kill $PID`, `$CMD 5`). */
const UNKNOWN_PARAMS: ShellParams = { get: () => SUBSTITUTED, set: () => {} };

/**
 * Every command a line would run, without running any: each one of its
 * pipe and, in turn, those inside its command substitutions (a word that
 * one gives holds SUBSTITUTED, as does one with a variable in it; the
 * assignments before a command are not in its argv). None for a line the shell cannot split (it
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
      const p = splitWords(
        c.text,
        (command) => {
          inner.push(command);
          return SUBSTITUTED;
        },
        UNKNOWN_PARAMS,
      );
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
