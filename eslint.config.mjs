// Lint: typescript-eslint's recommended rules, plus the determinism rule that
// the kernel, the language and the game never read a clock or Math.random.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';

const impure = [
  { object: 'Math', property: 'random', message: 'the simulation is deterministic: use the kernel PRNG' },
  { object: 'Date', property: 'now', message: 'the simulation never reads a clock' },
  { object: 'performance', property: 'now', message: 'the simulation never reads a clock' },
];

export default tseslint.config(
  { ignores: ['dist/**', 'node_modules/**', 'coverage/**', '.tmp/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/no-non-null-assertion': 'off',
      'no-constant-condition': ['error', { checkLoops: false }],
      'no-fallthrough': 'error',
    },
  },
  {
    files: ['src/kernel/**', 'src/lang/**', 'src/game/**'],
    rules: {
      'no-restricted-properties': ['error', ...impure],
      'no-restricted-syntax': ['error', { selector: "NewExpression[callee.name='Date']", message: 'the simulation never reads a clock' }],
      'no-restricted-imports': ['error', { paths: ['fs', 'node:fs', 'child_process', 'node:child_process', 'net', 'node:net'] }],
    },
  },
  {
    files: ['**/*.mjs', 'bin/**/*.js'],
    languageOptions: { globals: { process: 'readonly', console: 'readonly', require: 'readonly', __dirname: 'readonly', module: 'readonly' } },
    rules: { '@typescript-eslint/no-require-imports': 'off' },
  },
);
