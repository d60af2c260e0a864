// The level file format (levels/*.yaml), as a schema. A level sets up a
// machine and its programs, says what the player must achieve (a
// declarative predicate over kernel state and events), what fails it, the
// hints, the par, and a reference solution that `kernlab validate` runs.

import { z } from 'zod';

/** A number to compare with: `3` means "equals 3". */
const Compare = z.union([
  z.number(),
  z
    .object({ eq: z.number(), ne: z.number(), lt: z.number(), le: z.number(), gt: z.number(), ge: z.number() })
    .partial()
    .strict()
    .refine((o) => Object.keys(o).length > 0, 'give at least one of eq, ne, lt, le, gt, ge'),
], { error: 'expected a number, or a comparison such as { ge: 3 } (eq, ne, lt, le, gt, ge)' });
export type Compare = z.infer<typeof Compare>;

const StateLetter = z.enum(['R', 'S', 'D', 'T', 't', 'Z', 'X', 'I']);

/** Which tasks: every field given must match. Strings may hold {templates}. */
const TaskFilter = z
  .object(
    {
      name: z.string(), // a program label from `programs` / `kthreads`
      comm: z.string(),
      pid: z.union([z.number(), z.string()]),
      state: z.union([StateLetter, z.array(StateLetter)]),
      parent: z.string(), // label, "init", "kthreadd", "shell", or a pid template
      tgid: z.union([z.number(), z.string()]),
      uid: z.number(),
      cpu: z.number(),
      nice: z.number(),
      kthread: z.boolean(),
      threads: Compare, // threads in its group
      thread: z.boolean(), // is a non-leader thread
    },
    { error: (iss) => (iss.code === 'invalid_type' ? 'expected a task filter such as { state: Z } or { name: LABEL, state: S } (docs/levels.md: Task filters)' : undefined) },
  )
  .partial()
  .strict();
export type TaskFilter = z.infer<typeof TaskFilter>;

export type Predicate =
  | { all: Predicate[]; text?: string }
  | { any: Predicate[]; text?: string }
  | { not: Predicate; text?: string }
  | { tasks: TaskFilter & { count?: Compare }; text?: string }
  | { no_tasks: TaskFilter; text?: string }
  | { task: TaskFilter; text?: string }
  | { alive: string; text?: string }
  | { reaped: string; text?: string }
  | { exited: { name: string; status?: number; signal?: string }; text?: string }
  | { events: Record<string, unknown> & { type: string; count?: Compare }; text?: string }
  | { vma: { name: string; addr: string | number; perms?: string; exists?: boolean; start?: string | number; end?: string | number }; text?: string }
  | { output: { contains?: string; matches?: string }; text?: string }
  | { ticks: Compare; text?: string }
  | { answer: string; text?: string };

const text = z.string().optional();

/**
 * A regular expression as goal.ts compiles it (`new RegExp(s, 'm')`):
 * checked here, or a typo in a level threw a SyntaxError at the game's first check.
 */
const Regex = z.string().superRefine((s, ctx) => {
  try {
    new RegExp(s, 'm');
  } catch (e) {
    ctx.addIssue({ code: 'custom', message: `not a valid regular expression: ${(e as Error).message}` });
  }
});

/**
 * Each predicate is an object with one key naming its kind (plus an
 * optional `text`). The kind picks the schema to check it against — faster
 * than trying every alternative, and the errors point into the right one.
 */
const PREDICATE_KINDS: Record<string, z.ZodType> = {
  all: z.object({ all: z.array(z.lazy(() => Predicate)).min(1), text }).strict(),
  any: z.object({ any: z.array(z.lazy(() => Predicate)).min(1), text }).strict(),
  not: z.object({ not: z.lazy(() => Predicate), text }).strict(),
  tasks: z.object({ tasks: TaskFilter.extend({ count: Compare.optional() }).strict(), text }).strict(),
  no_tasks: z.object({ no_tasks: TaskFilter, text }).strict(),
  task: z.object({ task: TaskFilter, text }).strict(),
  alive: z.object({ alive: z.string({ error: 'expected a label of `programs` or `kthreads` (alive: LABEL)' }), text }).strict(),
  reaped: z.object({ reaped: z.string({ error: 'expected a label of `programs` or `kthreads` (reaped: LABEL)' }), text }).strict(),
  exited: z
    .object({
      exited: z
        .object(
          { name: z.string(), status: z.number().int().optional(), signal: z.string().optional() },
          { error: (iss) => (iss.code === 'invalid_type' ? 'expected { name: LABEL }, with status: N or signal: SIGNAL to say how' : undefined) },
        )
        .strict(),
      text,
    })
    .strict(),
  events: z
    .object({
      events: z.object({ type: z.string(), count: Compare.optional() }).catchall(z.union([z.string(), z.number(), z.boolean()])),
      text,
    })
    .strict(),
  vma: z
    .object({
      vma: z
        .object({
          name: z.string(),
          addr: z.union([z.string(), z.number()]),
          perms: z.string().regex(/^[r-][w-][x-][ps]?$/, 'must be permissions like "rw-p" or "r-x"').optional(),
          exists: z.boolean().optional(),
          start: z.union([z.string(), z.number()]).optional(),
          end: z.union([z.string(), z.number()]).optional(),
        })
        .strict(),
      text,
    })
    .strict(),
  output: z.object({ output: z.object({ contains: z.string(), matches: Regex }).partial().strict(), text }).strict(),
  ticks: z.object({ ticks: Compare, text }).strict(),
  answer: z.object({ answer: z.string(), text }).strict(),
};

export const Predicate: z.ZodType<Predicate> = z.any().superRefine((v, ctx) => {
  const kinds = Object.keys(PREDICATE_KINDS).join(', ');
  if (typeof v !== 'object' || v === null || Array.isArray(v)) {
    ctx.addIssue({ code: 'custom', message: `expected a predicate (an object with one of: ${kinds})` });
    return;
  }
  const keys = Object.keys(v).filter((key) => key !== 'text');
  if (keys.length !== 1) {
    ctx.addIssue({ code: 'custom', message: `a predicate has exactly one of: ${kinds} (found ${keys.length ? keys.join(', ') : 'none'})` });
    return;
  }
  const schema = PREDICATE_KINDS[keys[0]];
  if (!schema) {
    ctx.addIssue({ code: 'custom', message: `unknown predicate "${keys[0]}": expected one of ${kinds}` });
    return;
  }
  const r = schema.safeParse(v);
  if (!r.success) for (const issue of r.error.issues) ctx.addIssue({ ...issue } as never);
}) as z.ZodType<Predicate>;

/** A CPU list ("0-1,3") or a mask number (1 = CPU 0; 0 would allow no CPU at all). */
const Affinity = z.union([z.number().int().positive(), z.string().regex(/^\d+(-\d+)?(,\d+(-\d+)?)*$/, 'must be a CPU list like "0-1,3"')]);
/** An affinity, or { one_of: [...] }: one of them, chosen by the seed (so two students' machines differ). */
const SeededAffinity = z.union([Affinity, z.object({ one_of: z.array(Affinity).min(2) }).strict()]);

const Program = z
  .object({
    name: z.string().regex(/^[a-z][a-z0-9_-]*$/, 'must be a lower-case label: a letter, then letters, digits, _ or -'),
    file: z.string(), // mini-C source, relative to levels/
    path: z.string().optional(), // where it lives in the machine (default /home/student/<name>)
    args: z.array(z.union([z.string(), z.number()])).default([]),
    parent: z.string().default('shell'), // shell, init, or the label of a program started before
    nice: z.number().int().min(-20).max(19).default(0),
    affinity: SeededAffinity.optional(),
    uid: z.number().int().min(0).default(1000),
    at: z.number().int().min(0).default(0), // start at this tick after boot
    stopped: z.boolean().default(false), // start it, then SIGSTOP it
  })
  .strict();

const Kthread = z
  .object({
    name: z.string().regex(/^[a-z][a-z0-9_-]*$/, 'must be a lower-case label: a letter, then letters, digits, _ or -'),
    comm: z.string().max(15).optional(), // default: the label
    file: z.string(),
    fn: z.string(),
    data: z.number().int().default(0),
    run: z.boolean().default(false), // kthread_run (woken) or kthread_create (asleep until wake_up_process)
    cpu: z.number().int().min(-1).default(-1),
  })
  .strict();

const Hint = z.union([z.string(), z.object({ text: z.string(), cost: z.number().int().min(0).optional() }).strict()]);

const Penalty = z.object({ when: Predicate, points: z.number().int().positive(), text: z.string() }).strict();

const Step = z.union([z.string(), z.object({ at: z.number().int().min(0), cmd: z.string() }).strict()]);
/** A setup step may also be `{ at: TICK }` alone: let the machine run until then (the programs get going before the player starts). */
const SetupStep = z.union([Step, z.object({ at: z.number().int().min(0) }).strict()]);

const PidRange = z.tuple([z.number().int().min(1), z.number().int().min(1)]);

export const LevelSchema = z
  .object({
    id: z.string().regex(/^[a-z0-9][a-z0-9-]*$/, 'must be lower-case letters, digits and dashes'),
    title: z.string().min(1),
    topic: z.string().min(1),
    difficulty: z.number().int().min(1).max(5),
    order: z.number().int().min(0),
    briefing: z.string().min(1),
    debrief: z.string().min(1),
    goal_text: z.string().min(1),
    machine: z
      .object({
        cpus: z.number().int().min(1).max(64).default(2),
        memory_mib: z.number().int().min(16).max(4096).default(64),
        tlb: z.number().int().min(4).max(4096).default(64),
        pid_max: z.number().int().min(301).max(4194304).default(32768),
        seed: z.union([z.string(), z.number()]).default('kernlab'),
        aslr: z.boolean().default(true),
        nproc: z.number().int().min(0).default(0),
        first_pid: PidRange.optional(), // the PID cursor after boot is drawn from this range per seed
        time_limit: z.number().int().positive().default(120_000), // ticks before the level fails
      })
      .strict()
      .default({ cpus: 2, memory_mib: 64, tlb: 64, pid_max: 32768, seed: 'kernlab', aslr: true, nproc: 0, time_limit: 120_000 }),
    programs: z.array(Program).default([]),
    kthreads: z.array(Kthread).default([]),
    setup: z.array(SetupStep).default([]), // console commands run once everything has started (not counted), or { at } to let time run
    tools: z.array(z.string()).optional(), // console commands allowed; absent = all
    hide: z.array(z.enum(['mmu'])).default([]), // panes switched off on the game screen (they would show the answer)
    goal: Predicate,
    fail: z.array(z.object({ when: Predicate, text: z.string() }).strict()).default([]),
    hints: z.array(Hint).min(1),
    penalties: z.array(Penalty).default([]),
    par: z.object({ ticks: z.number().int().positive(), commands: z.number().int().min(0) }).strict(),
    solution: z.array(Step).min(1),
  })
  .strict();

export type LevelSpec = z.infer<typeof LevelSchema>;

/** What a zod schema is made of, as far as walking it needs. */
interface Def {
  type?: string;
  shape?: Record<string, z.ZodType>;
  catchall?: z.ZodType;
  innerType?: z.ZodType;
  element?: z.ZodType;
  options?: z.ZodType[];
  items?: z.ZodType[];
  in?: z.ZodType;
  out?: z.ZodType;
  getter?: () => z.ZodType;
}

function defOf(t: z.ZodType): Def | undefined {
  return (t as unknown as { _zod?: { def?: Def } })._zod?.def;
}

/**
 * The fields a mapping at `path` of a level file may have (the value
 * there picks a predicate's kind), or undefined if the path leads to no
 * mapping: so "did you mean" offers only a field that goes there.
 */
export function fieldsAt(path: readonly PropertyKey[], data: unknown): string[] | undefined {
  const at = (t: z.ZodType, rest: readonly PropertyKey[], value: unknown, depth: number): string[] | undefined => {
    if (depth > 64) return undefined;
    if (t === Predicate) {
      const kind = value && typeof value === 'object' ? Object.keys(value).find((k) => k !== 'text') : undefined;
      const schema = kind ? PREDICATE_KINDS[kind] : undefined;
      return schema ? at(schema, rest, value, depth + 1) : undefined;
    }
    const d = defOf(t);
    if (!d) return undefined;
    const inner = d.innerType ?? d.in ?? d.getter?.();
    if (inner) return at(inner, rest, value, depth + 1);
    if (d.options) {
      const found = d.options.map((o) => at(o, rest, value, depth + 1)).filter((x): x is string[] => !!x);
      return found.length ? [...new Set(found.flat())] : undefined;
    }
    const [head, ...tail] = rest;
    const child = value && typeof value === 'object' && head !== undefined ? (value as Record<PropertyKey, unknown>)[head] : undefined;
    if (d.shape) return head === undefined ? Object.keys(d.shape) : d.shape[String(head)] ? at(d.shape[String(head)], tail, child, depth + 1) : undefined;
    if (d.element && typeof head === 'number') return at(d.element, tail, child, depth + 1);
    return undefined;
  };
  return at(LevelSchema, path, data, 0);
}

/**
 * Every field name the level format knows, anywhere in it (for "did you
 * mean" on an unknown field): read off the schemas themselves, so a field
 * added to them is suggested too.
 */
export const FIELD_NAMES: ReadonlySet<string> = (() => {
  const names = new Set<string>();
  const seen = new Set<unknown>();
  const walk = (t: z.ZodType | undefined): void => {
    if (!t || seen.has(t)) return;
    seen.add(t);
    const d = defOf(t);
    if (!d) return;
    for (const [k, v] of Object.entries(d.shape ?? {})) {
      names.add(k);
      walk(v);
    }
    for (const x of [d.catchall, d.innerType, d.element, d.in, d.out, ...(d.options ?? []), ...(d.items ?? [])]) walk(x);
  };
  walk(LevelSchema);
  for (const [kind, schema] of Object.entries(PREDICATE_KINDS)) {
    names.add(kind);
    walk(schema);
  }
  return names;
})();
export type ProgramSpec = z.infer<typeof Program>;
export type KthreadSpecYaml = z.infer<typeof Kthread>;
export type StepSpec = z.infer<typeof Step>;
export type SetupStepSpec = z.infer<typeof SetupStep>;
