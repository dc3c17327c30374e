// Lint rules that catch real bugs, not style: the formatter (Prettier, `npm run format`) owns the layout.
// typescript-eslint reads the TypeScript program (projectService: the tsconfig nearest each file), so
// no-floating-promises sees through imports, node's typings and library types alike.
import tseslint from 'typescript-eslint';

export default tseslint.config(
  { ignores: ['dist/', 'output/', 'node_modules/'] },
  {
    files: ['**/*.ts', '**/*.cts'],
    extends: [tseslint.configs.recommended],
    languageOptions: {
      parserOptions: {
        projectService: { allowDefaultProject: ['vitest.config.ts'] },
        tsconfigRootDir: import.meta.dirname,
      },
    },
    rules: {
      // a promise nobody awaits loses its error; `void p` says on purpose, with a comment why
      '@typescript-eslint/no-floating-promises': 'error',
      // an async function where a void callback is expected: its rejection goes nowhere
      '@typescript-eslint/no-misused-promises': 'error',
      '@typescript-eslint/await-thenable': 'error',
      // `{ label: _label, ...rest }` drops a field on purpose
      '@typescript-eslint/no-unused-vars': ['error', { ignoreRestSiblings: true, argsIgnorePattern: '^_', varsIgnorePattern: '^_$' }], // a lone _ marks a loop that only counts
    },
  },
  {
    // the explorer's browser scripts: plain JavaScript, no TypeScript program to type-check against
    files: ['explorer/**/*.js'],
    extends: [tseslint.configs.recommended],
  },
);
