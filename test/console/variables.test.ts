// Shell variables: NAME=value, $NAME, ${NAME}, ${#NAME}, unset, and
// NAME=value before a command. Each expectation was checked with bash 5.2
// (bash -c), printf standing in for the simulated machine's output.
import { describe, expect, it } from 'vitest';
import { shippedLevels } from '../../src/cli/level-files';
import { Game, isAction } from '../../src/game/game';
import { SUBSTITUTED, lineCommands } from '../../src/console/words';
import { jobPid, setup } from './helpers';

/** Runs lines in turn; the outputs, joined. */
function run(lines: string[]): string {
  const { sh } = setup();
  return lines.map(sh).join('');
}

describe('NAME=value and $NAME', () => {
  it('sets a variable that $NAME and ${NAME} expand; unset ones are nothing', () => {
    const { con } = setup();
    expect(con.exec('A=1 B=2')).toEqual({ output: '', status: 0 });
    expect(con.exec('echo $A$B ${A}x $Ax "[$NOPE]" [${NOPE}]').output).toBe('12 1x [] []\n');
    expect(con.exec('A=a=b; echo $A').output).toBe('a=b\n');
    expect(con.exec('_a_1=3; echo $_a_1').output).toBe('3\n');
    expect(con.exec('A=; echo "[$A]" ${#A}').output).toBe('[] 0\n');
    expect(con.exec('A=abc; echo ${#A} ${#NOPE}').output).toBe('3 0\n');
    expect(con.exec('A+=x; A+=y; echo $A').output).toBe('abcxy\n');
    // A lone $, or one before what names nothing, is a $.
    expect(con.exec('echo $ $% "$" a$').output).toBe('$ $% $ a$\n');
  });

  it('the value is expanded: quotes, backslashes, $(...), $VAR, $((...)), not split into words', () => {
    expect(run(['A="x  y"; echo $A; echo "$A"'])).toBe('x y\nx  y\n');
    expect(run(['A=x\\ y; echo "$A"'])).toBe('x y\n');
    expect(run(['A=$(echo a   b); echo "$A"'])).toBe('a b\n');
    expect(run(['A=$(pgrep -l -P 0); echo "$A"'])).toBe('1 init\n2 kthreadd\n');
    expect(run(["A='$B'; echo $A"])).toBe('$B\n');
    expect(run(['A=$((6*7)) B=$A; echo $B'])).toBe('42\n');
    // A later assignment sees an earlier one; the command's words see the variables as they were.
    expect(run(['X=1 Y=$X; echo $Y'])).toBe('1\n');
    expect(run(['A=1; A=5 echo $A; echo $A'])).toBe('1\n1\n');
  });

  it('an unquoted expansion is split into words, an empty one is no word; in double quotes it is one word', () => {
    const { con } = setup();
    con.exec('A="-l  -P 0"');
    expect(con.exec('pgrep $A').output).toBe('1 init\n2 kthreadd\n');
    expect(con.exec('echo "$A"').output).toBe('-l  -P 0\n');
    expect(con.exec('kill $NOPE')).toEqual({ output: 'kill: usage: kill [-s sigspec | -n signum | -sigspec] pid | jobspec ... or kill -l [sigspec]\n', status: 2 });
    expect(con.exec('echo 5 > $NOPE')).toEqual({ output: 'kernlab: $NOPE: ambiguous redirect\n', status: 1 });
    expect(con.exec('f="a b"; echo 5 > $f')).toEqual({ output: 'kernlab: $f: ambiguous redirect\n', status: 1 });
  });

  it('kill -9 $PID and PID=$(pgrep NAME); kill $PID work as in bash', () => {
    const { con } = setup();
    const pid = jobPid(con.exec('run loop.c').output);
    expect(con.exec('PID=$(pgrep loop)')).toEqual({ output: '', status: 0 });
    expect(con.exec('echo $PID').output).toBe(`${pid}\n`);
    expect(con.exec('kill -0 $PID && echo alive').output).toBe('alive\n');
    expect(con.exec('cat /proc/$PID/comm /proc/${PID}/comm').output).toBe('loop\nloop\n');
    expect(con.exec('kill -9 $PID; tick 1').output).toBe('[1]+  Killed                  ./loop\n');
    const two = jobPid(con.exec('run loop.c').output);
    expect(con.exec('PID=$(pgrep loop); kill $PID; tick 1').output).toBe('[1]+  Terminated              ./loop\n');
    expect(two).not.toBe(pid);
  });

  it("the line's status is its last substitution's, or 0; $? after it says so", () => {
    const { con } = setup();
    expect(con.exec('A=$(pgrep nothing)')).toEqual({ output: '', status: 1 });
    expect(con.exec('echo $?').output).toBe('1\n');
    expect(con.exec('A=$(pgrep nothing) B=x')).toEqual({ output: '', status: 1 });
    expect(con.exec('A=x')).toEqual({ output: '', status: 0 });
  });

  it('a bad name is no assignment: the word is a command, as bash runs it', () => {
    const { con } = setup();
    expect(con.exec('1A=x')).toEqual({ output: 'kernlab: 1A=x: command not found\n', status: 127 });
    expect(con.exec('"A"=1')).toEqual({ output: 'kernlab: A=1: command not found\n', status: 127 });
    expect(con.exec('A= 1')).toEqual({ output: 'kernlab: 1: command not found\n', status: 127 });
    expect(con.exec('A-B=1')).toEqual({ output: 'kernlab: A-B=1: command not found\n', status: 127 });
    // After the command's name, NAME=value is an argument.
    expect(con.exec('echo A=1 B=2')).toEqual({ output: 'A=1 B=2\n', status: 0 });
    expect(con.exec('echo $A$B').output).toBe('\n');
  });

  it('${NAME} must close; what bash would refuse is its bad substitution, the operators kernlab has not are said so', () => {
    const { con } = setup();
    expect(con.exec('echo ${A')).toEqual({ output: "kernlab: unexpected EOF while looking for matching `}'\n", status: 2 });
    expect(con.exec('echo x; echo ${1A}; echo y')).toEqual({ output: 'x\nkernlab: ${1A}: bad substitution\n', status: 1 });
    expect(con.exec('echo ${}')).toEqual({ output: 'kernlab: ${}: bad substitution\n', status: 1 });
    expect(con.exec('echo ${A:-x}')).toEqual({ output: 'kernlab: ${A:-x}: kernlab expands only ${NAME} and ${#NAME}\n', status: 1 });
    expect(con.exec('echo "${A%x}"')).toEqual({ output: 'kernlab: ${A%x}: kernlab expands only ${NAME} and ${#NAME}\n', status: 1 });
    // Quoted, it is text.
    expect(con.exec("echo '$A' \"\\$A\" \\$A '${A'").output).toBe('$A $A $A ${A\n');
  });

  it('$((...)) reads and sets the shell variables, a value read as an expression of its own', () => {
    const { con } = setup();
    expect(con.exec('A=3; echo $((A+1)) $(($A+1)) $((B=4)) $B').output).toBe('4 4 4 4\n');
    expect(con.exec('echo $B').output).toBe('4\n');
    expect(con.exec('C=1+2; echo $((C*2))').output).toBe('6\n');
    expect(con.exec('D=x; echo $((D)); x=4; echo $((D))').output).toBe('0\n4\n');
    expect(con.exec('E=" 3 "; echo $((E+1))').output).toBe('4\n');
    expect(con.exec('F=12abc; echo $((F))')).toEqual({ output: 'kernlab: 12abc: value too great for base (error token is "12abc")\n', status: 1 });
    expect(con.exec('G=G; echo $((G))')).toEqual({ output: 'kernlab: G: expression recursion level exceeded (error token is "G")\n', status: 1 });
  });

  it('unset removes variables, as bash 5.2', () => {
    const { con } = setup();
    con.exec('A=1 B=2');
    expect(con.exec('unset A B; echo "[$A$B]"')).toEqual({ output: '[]\n', status: 0 });
    expect(con.exec('unset NOPE')).toEqual({ output: '', status: 0 });
    expect(con.exec('unset')).toEqual({ output: '', status: 0 });
    // Without -v a bad name could be a function's: no error.
    expect(con.exec('unset 1A')).toEqual({ output: '', status: 0 });
    expect(con.exec('unset -v 1A')).toEqual({ output: "unset: `1A': not a valid identifier\n", status: 1 });
    expect(con.exec('A=1; unset -f A; echo $A')).toEqual({ output: '1\n', status: 0 });
    expect(con.exec('unset -x A')).toEqual({ output: 'unset: -x: invalid option\nunset: usage: unset [-f] [-v] [-n] [name ...]\n', status: 2 });
    expect(con.exec('unset -fv A')).toEqual({ output: 'unset: cannot simultaneously unset a function and a variable\n', status: 1 });
    expect(con.complete('unset ')).toEqual(['A', 'HOME', 'LANG', 'PATH', 'PPID', 'PWD', 'TERM', 'USER']); // the login shell's environment is its variables
  });

  it('NAME=value before a command is for its environment only; before a program it is refused', () => {
    const { con } = setup();
    expect(con.exec('A=5 echo hi; echo "[$A]"')).toEqual({ output: 'hi\n[]\n', status: 0 });
    expect(con.exec('A=1 B=2 pgrep -x init')).toEqual({ output: '1\n', status: 0 });
    const refused = (what: string) => `kernlab: A=1: programs get kernlab's fixed environment (HOME, PATH, TERM, USER, LANG): no assignment before ${what}\n`;
    expect(con.exec('A=1 run loop.c')).toEqual({ output: refused('run'), status: 1 });
    expect(con.exec('A=1 ./loop')).toEqual({ output: refused('a program'), status: 1 });
    expect(con.exec('A=1 nice ./loop')).toEqual({ output: refused('nice'), status: 1 });
    expect(con.exec('jobs')).toEqual({ output: '', status: 0 });
    // In a pipe each command is a subshell of its own: nothing stays set.
    expect(con.exec('A=1 | wc -l; echo "[$A]"')).toEqual({ output: '0\n[]\n', status: 0 });
  });

  it("starts with the login shell's environment, which its programs get too: HOME, USER, PATH, ... and PWD", () => {
    const { con } = setup();
    expect(con.exec('echo $HOME $USER $PWD $TERM').output).toBe('/home/student student /home/student xterm-256color\n');
    expect(con.exec('echo $PATH').output).toBe('/home/student:/usr/local/bin:/usr/bin:/bin\n');
  });
});

describe('variables and the game', () => {
  it('an assignment alone is no action; one holding an action, or a command using a variable, is', () => {
    for (const l of ['A=1', 'PID=$(pgrep hog)', 'A=1 B=$A', 'echo $PID', 'cat /proc/$PID/maps', 'unset PID', 'A=5 ps']) expect(isAction(l), l).toBe(false);
    for (const l of ['kill $PID', 'kill -9 $PID', 'PID=$(pgrep hog); kill $PID', 'A=$(kill 5)', '$CMD 5', 'echo $A > /proc/sys/kernel/pid_max', 'A=1 kill 5']) expect(isAction(l), l).toBe(true);
    expect(lineCommands('A=1 kill $PID')).toEqual([{ argv: ['kill', SUBSTITUTED], redirects: false, nested: false }]);
  });

  it('a level that restricts its tools allows assignments and unset; PID=$(...); kill $PID is one action', () => {
    const level = shippedLevels().find((l) => l.spec.id === 'first-contact')!;
    const g = new Game(level, 'variables');
    g.exec('tick 1000');
    expect(g.exec('PID=$(ps -o pid= -C logzip)')).toEqual({ output: '', status: 0 });
    expect(g.exec('echo $PID').output).toBe(`${g.view.labels.get('logzip')}\n`);
    expect(g.exec('unset NOPE').status).toBe(0);
    expect(g.actions).toBe(0);
    expect(g.exec('kill $PID')).toEqual({ output: '', status: 0 });
    expect(g.actions).toBe(1);
  });
});

describe("bash's special parameters", () => {
  it('$$ is the shell’s PID, $PPID its parent’s (init), read-only; both as ps and /proc show them', () => {
    const { con, k } = setup();
    const sh = k.shell!.pid;
    expect(con.exec('echo $$ ${$} "$$" $(echo $$) $PPID').output).toBe(`${sh} ${sh} ${sh} ${sh} 1\n`);
    expect(con.exec('ps -o pid=,ppid=,comm= -p $$').output).toBe(`${String(sh).padStart(5)}     1 bash\n`);
    expect(con.exec('cat /proc/$$/comm /proc/$PPID/comm').output).toBe('bash\ninit\n');
    expect(con.exec('kill -0 $$ && echo alive').output).toBe('alive\n');
    // bash: an assignment to it is an error that ends the line; before a command it is said, and the command runs.
    expect(con.exec('PPID=3; echo not run')).toEqual({ output: 'kernlab: PPID: readonly variable\n', status: 1 });
    expect(con.exec('PPID=3 echo hi')).toEqual({ output: 'kernlab: PPID: readonly variable\nhi\n', status: 0 });
    expect(con.exec('echo $((PPID = 4)); echo not run')).toEqual({ output: 'kernlab: PPID: readonly variable\n', status: 1 });
    expect(con.exec('unset PPID')).toEqual({ output: 'unset: PPID: cannot unset: readonly variable\n', status: 1 });
    expect(con.exec('echo $((PPID + 1))').output).toBe('2\n');
  });

  it('$! is the last background job’s PID (nothing before the first); $0 is -bash, $# 0, $1... unset', () => {
    const { con } = setup();
    expect(con.exec('echo "[$!]" $0 $# "[$1]" "[${10}]" $1A').output).toBe('[] -bash 0 [] [] A\n');
    const pid = jobPid(con.exec('run loop.c').output);
    expect(con.exec('echo $! ${!}').output).toBe(`${pid} ${pid}\n`);
    expect(con.exec('kill $!; tick 1').output).toBe('[1]+  Terminated              ./loop\n');
  });
});
