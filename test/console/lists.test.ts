// Lists (`;`, `&`, `&&`, `||`) and `$?`: what bash does with the same line
// (each expectation checked with bash -c, printf standing in for the
// simulated machine's output).
import { describe, expect, it } from 'vitest';
import { isAction } from '../../src/game/game';
import { SUBSTITUTED, lineCommands, splitList } from '../../src/console/words';
import { jobPid, setup } from './helpers';

describe('lists', () => {
  it('runs each command in turn; && only after a success, || only after a failure; the status is the last one run', () => {
    const { con } = setup();
    expect(con.exec('echo a; echo b')).toEqual({ output: 'a\nb\n', status: 0 });
    expect(con.exec('kill -0 1 && echo alive || echo gone')).toEqual({ output: 'alive\n', status: 0 });
    expect(con.exec('kill -0 99999 && echo alive || echo gone')).toEqual({ output: 'kill: (99999) - No such process\ngone\n', status: 0 });
    expect(con.exec('kill -0 99999 && echo alive')).toEqual({ output: 'kill: (99999) - No such process\n', status: 1 });
    expect(con.exec('echo a; # echo b; echo c')).toEqual({ output: 'a\n', status: 0 });
    expect(con.exec('echo "a;b" \'c&&d\' $(echo e; echo f)')).toEqual({ output: 'a;b c&&d e f\n', status: 0 });
  });

  it('$? is the last status: of the command before, of a list, of a substitution', () => {
    const { con } = setup();
    expect(con.exec('kill -0 99999; echo "status $?"').output).toBe('kill: (99999) - No such process\nstatus 1\n');
    con.exec('nosuchcommand');
    expect(con.exec('echo $?').output).toBe('127\n');
    expect(con.exec('echo $?').output).toBe('0\n');
    expect(con.exec("echo '$?'").output).toBe('$?\n');
  });

  it("a syntax error anywhere runs none of the line, with bash's message", () => {
    const { con } = setup();
    expect(con.exec('echo a;; echo b')).toEqual({ output: "kernlab: syntax error near unexpected token `;;'\n", status: 2 });
    expect(con.exec('; echo b')).toEqual({ output: "kernlab: syntax error near unexpected token `;'\n", status: 2 });
    expect(con.exec('echo a &&')).toEqual({ output: 'kernlab: syntax error: unexpected end of file\n', status: 2 });
    expect(con.exec('echo a; echo "b')).toEqual({ output: 'kernlab: unexpected EOF while looking for matching `"\'\n', status: 2 });
    // An expansion error stops the line where it comes (bash: `echo $((1/0)); echo hi` prints no hi).
    expect(con.exec('echo a; echo $((1/0)); echo hi')).toEqual({ output: 'a\nkernlab: 1/0: division by 0 (error token is "0")\n', status: 1 });
  });

  it('& ends a command too: a program started with & and the next command both run', () => {
    const { con } = setup();
    const out = con.exec('run loop.c & ps -o comm= -C loop').output;
    expect(out).toMatch(/^\[1\] \d+\nloop\n$/);
    expect(con.exec('pgrep -x loop').output).toBe(`${jobPid(out)}\n`);
  });

  it('tab completion after ;, && or || completes a command name', () => {
    const { con } = setup();
    expect(con.complete('echo a; pg')).toEqual(['pgrep']);
    expect(con.complete('kill -0 1 && ec')).toEqual(['echo']);
    expect(con.complete('echo a; kill -KI')).toEqual(['-KILL']);
  });

  it('splitList splits at top-level separators only', () => {
    expect(splitList('a; b && c || d & e')).toEqual([
      { text: 'a', op: ';' },
      { text: ' b ', op: '&&' },
      { text: ' c ', op: '||' },
      { text: ' d &', op: ';' },
      { text: ' e', op: null },
    ]);
    expect(splitList('echo $(a; b) "c;d" `e;f` # g; h')).toEqual([{ text: 'echo $(a; b) "c;d" `e;f` # g; h', op: null }]);
    expect(splitList('mprotect 1 2 3 PROT_READ|PROT_WRITE; ps').map((p) => p.text)).toEqual(['mprotect 1 2 3 PROT_READ|PROT_WRITE', ' ps']);
  });

  it('the game counts an action in a list by what it did: a kill before ; that failed and changed nothing is free', () => {
    expect(lineCommands('kill 5; ps')).toEqual([
      { argv: ['kill', '5'], redirects: false, nested: true },
      { argv: ['ps'], redirects: false, nested: false },
    ]);
    expect(lineCommands('echo $(( $(pgrep x) + 1 ))')).toEqual([
      { argv: ['echo', SUBSTITUTED], redirects: false, nested: false },
      { argv: ['pgrep', 'x'], redirects: false, nested: true },
    ]);
    expect(isAction('ps; kill -CONT 5')).toBe(true);
    expect(isAction('kill -CONT 5; echo $((1/0))')).toBe(true); // the kill runs before the line fails
    expect(isAction('echo $((1/0)); kill -CONT 5')).toBe(false);
    expect(isAction('ps; ps -e')).toBe(false);
  });
});

describe('arithmetic with command substitutions', () => {
  it('$(( $(CMD) + N )): the substitution first, as bash expands it', () => {
    const { con } = setup();
    expect(con.exec('echo $(( $(pgrep -x init) * 2 + 1 ))')).toEqual({ output: '3\n', status: 0 });
    expect(con.exec('echo $(( `echo 4` << 1 ))')).toEqual({ output: '8\n', status: 0 });
  });
});
