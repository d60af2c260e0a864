// Command substitution, $(CMD) and `CMD`: what bash does with the same
// line (each expectation was checked with bash -c, printf standing in for
// the simulated machine's output). The console has no globbing, so an
// unquoted result is only split into words.
import { describe, expect, it } from 'vitest';
import { SUBSTITUTED, lineCommands } from '../../src/console/words';
import { jobPid, setup } from './helpers';

/** A machine running loop.c. */
function machine() {
  const s = setup();
  const loop = jobPid(s.sh('run loop.c'));
  s.sh('tick 5');
  return { ...s, loop };
}

const KILL_USAGE = 'kill: usage: kill [-s sigspec | -n signum | -sigspec] pid | jobspec ... or kill -l [sigspec]\n';

describe('command substitution', () => {
  it('kill $(pgrep -x NAME) kills it; cat /proc/$(pgrep NAME)/... reads its files; the command may be a pipe', () => {
    const { con, loop } = machine();
    expect(con.exec('cat /proc/$(pgrep loop)/status | head -1')).toEqual({ output: 'Name:\tloop\n', status: 0 });
    expect(con.exec('echo $(ps -e | grep loop | wc -l)')).toEqual({ output: '1\n', status: 0 });
    expect(con.exec('cat /proc/$(echo $(pgrep -x loop))/comm').output).toBe('loop\n');
    expect(con.exec('kill $(pgrep -x loop)')).toEqual({ output: '', status: 0 });
    expect(con.exec('tick 1').output).toBe('[1]+  Terminated              ./loop\n');
    expect(con.exec(`pgrep -x loop`).status).toBe(1);
    expect(con.exec(`cat /proc/${loop}/comm`).status).not.toBe(0);
  });

  it('unquoted, the output is split into words at blanks and newlines; in double quotes it is one word; trailing newlines go', () => {
    const { con } = setup();
    expect(con.exec('echo $(pgrep -l -P 0)').output).toBe('1 init 2 kthreadd\n');
    expect(con.exec('echo "$(pgrep -l -P 0)"').output).toBe('1 init\n2 kthreadd\n');
    expect(con.exec('echo "[$(pgrep -x kthreadd)]"').output).toBe('[2]\n');
    expect(con.exec('echo "$(echo "a  b")"').output).toBe('a  b\n');
    expect(con.exec('echo a$(echo " 1  2 ")b').output).toBe('a 1 2 b\n');
    expect(con.exec('echo $(echo x)`echo y`').output).toBe('xy\n');
    expect(con.exec('echo $(echo ")")').output).toBe(')\n');
    expect(con.exec('echo $(echo $((2+3)))').output).toBe('5\n');
    // Quoted, it is text.
    expect(con.exec(`echo '$(echo x)' "\\$(echo x)" \\$\\(echo x\\)`).output).toBe('$(echo x) $(echo x) $(echo x)\n');
  });

  it('nests, in $(...) and in backquotes (an inner backquote escaped)', () => {
    const { con } = setup();
    expect(con.exec('echo $(echo $(echo x))')).toEqual({ output: 'x\n', status: 0 });
    expect(con.exec('echo `echo \\`echo inner\\``')).toEqual({ output: 'inner\n', status: 0 });
    expect(con.exec('echo "`echo \\"q\\"`"').output).toBe('q\n');
    expect(con.exec('kill `pgrep -x nothing`')).toEqual({ output: KILL_USAGE, status: 2 });
  });

  it('an empty result is no word unquoted (kill alone: its usage), an empty one quoted', () => {
    const { con } = setup();
    expect(con.exec('kill $(pgrep -x nothing)')).toEqual({ output: KILL_USAGE, status: 2 });
    expect(con.exec('echo a $(pgrep -x nothing) b').output).toBe('a b\n');
    expect(con.exec('echo "[$(pgrep -x nothing)]"').output).toBe('[]\n');
    expect(con.exec('echo 5 > $(pgrep -x nothing)')).toEqual({ output: 'kernlab: $(pgrep -x nothing): ambiguous redirect\n', status: 1 });
    expect(con.exec('echo 5 > /proc/sys/kernel/a$(echo a b)z')).toEqual({ output: 'kernlab: /proc/sys/kernel/a$(echo a b)z: ambiguous redirect\n', status: 1 });
  });

  it("the line's status is its command's; with no command left, the substitution's; a failed one still lets the command run", () => {
    const { con } = setup();
    expect(con.exec('$(pgrep -x nothing)')).toEqual({ output: '', status: 1 });
    expect(con.exec('echo $(pgrep -x nothing)')).toEqual({ output: '\n', status: 0 });
    expect(con.exec('$(echo echo) hi')).toEqual({ output: 'hi\n', status: 0 });
    // The shell's own message is not captured: it shows, and kill runs without the word.
    expect(con.exec('kill $(pgrp x)')).toEqual({ output: 'kernlab: pgrp: command not found\n' + KILL_USAGE, status: 2 });
  });

  it("an unbalanced $( or backquote is bash's syntax error, nothing of the line runs, and the console goes on", () => {
    const { con } = machine();
    expect(con.exec('kill $(pgrep -x loop')).toEqual({ output: "kernlab: unexpected EOF while looking for matching `)'\n", status: 2 });
    expect(con.exec('kill `pgrep -x loop')).toEqual({ output: "kernlab: unexpected EOF while looking for matching ``'\n", status: 2 });
    expect(con.exec('echo "$(echo x"')).toEqual({ output: 'kernlab: unexpected EOF while looking for matching `"\'\n', status: 2 });
    expect(con.exec('echo $(echo a # a comment takes the )')).toEqual({ output: "kernlab: unexpected EOF while looking for matching `)'\n", status: 2 });
    // bash reads $(...) with the line: a syntax error in it runs nothing; backquotes are read when they run.
    expect(con.exec('echo $(kill $(pgrep -x loop) |) hi')).toEqual({ output: "kernlab: syntax error near unexpected token `)'\n", status: 2 });
    expect(con.exec('echo `echo |` hi')).toEqual({ output: "kernlab: syntax error near unexpected token `newline'\nhi\n", status: 0 });
    expect(con.exec('pgrep -x loop').status).toBe(0);
  });

  it('tab completion completes the command inside an open $( or backquote', () => {
    const { con } = machine();
    expect(con.complete('kill $(pgr')).toEqual(['$(pgrep']);
    expect(con.complete('echo "`pg')).toEqual(['"`pgrep']);
    expect(con.complete('cat /proc/$(echo $(pgre')).toEqual(['$(pgrep']);
    expect(con.complete('kill $(pgrep loop) -KI')).toEqual(['-KILL']);
  });

  it('lineCommands lists every command a line would run, those inside substitutions too, without running any', () => {
    expect(lineCommands('echo $(tick 5 | grep x) `top -n 1` > f')).toEqual([
      { argv: ['echo', SUBSTITUTED, SUBSTITUTED], redirects: true, nested: false },
      { argv: ['tick', '5'], redirects: false, nested: true },
      { argv: ['grep', 'x'], redirects: false, nested: true },
      { argv: ['top', '-n', '1'], redirects: false, nested: true },
    ]);
    expect(lineCommands('$(echo $(kill 5))')).toEqual([
      { argv: [SUBSTITUTED], redirects: false, nested: false },
      { argv: ['echo', SUBSTITUTED], redirects: false, nested: true },
      { argv: ['kill', '5'], redirects: false, nested: true },
    ]);
    expect(lineCommands('echo $(kill 5 |)')).toEqual([]); // bash would run none of it
  });
});
