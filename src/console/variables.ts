// The shell's variables: what `NAME=value` sets, `$NAME` expands and
// `unset NAME` removes. They belong to the console's shell session, not
// to the machine: no command of the kernel sees them, and programs get
// kernlab's fixed environment (exec.ts DEFAULT_ENV), not these.
// linux: none — bash's variables.c.

/** One shell's variables, by name. */
export class ShellVariables {
  /** Set variables and their values, in the order they were first set. */
  private readonly values = new Map<string, string>();

  /**
   * @param readonly variables bash sets itself and will not let change
   *   (PPID): their values, computed when read.
   */
  constructor(private readonly readonly: Readonly<Record<string, () => string>> = {}) {}

  /** The value, or undefined when the variable is unset. */
  get(name: string): string | undefined {
    return Object.hasOwn(this.readonly, name) ? this.readonly[name]() : this.values.get(name);
  }

  /** Whether the shell refuses to change or unset it ("PPID: readonly variable"). */
  isReadonly(name: string): boolean {
    return Object.hasOwn(this.readonly, name);
  }

  /** Sets a variable; false (nothing changed) when it is read-only. */
  set(name: string, value: string): boolean {
    if (this.isReadonly(name)) return false;
    this.values.set(name, value);
    return true;
  }

  /** Unsets a variable (one that is not set is no error); false when it is read-only. */
  unset(name: string): boolean {
    if (this.isReadonly(name)) return false;
    this.values.delete(name);
    return true;
  }

  /** Every variable's name, set ones and bash's own, sorted (for tab completion). */
  names(): string[] {
    return [...new Set([...this.values.keys(), ...Object.keys(this.readonly)])].sort();
  }
}
