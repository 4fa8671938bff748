// ESLint for every app, check and script: `npm run lint` (part of `npm run validate`).
// Formatting is Prettier's job, so eslint-config-prettier turns off the rules it would fight.
import js from '@eslint/js';
import nextPlugin from '@next/eslint-plugin-next';
import prettier from 'eslint-config-prettier';
import reactHooks from 'eslint-plugin-react-hooks';
import globals from 'globals';
import tseslint from 'typescript-eslint';

const frontends = ['frontend', 'steps/*/frontend', 'upgrades/*/frontend'];

export default tseslint.config(
  { ignores: ['**/node_modules/', '**/.next/', '**/.next-dev/', '.workshop/', '**/next-env.d.ts'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { ...globals.node } },
    rules: {
      // `_name` marks a parameter a signature needs but the body does not use.
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrors: 'none' },
      ],
      // `declare global { namespace Express { ... } }` is how Express types are extended.
      '@typescript-eslint/no-namespace': ['error', { allowDeclarations: true }],
    },
  },
  {
    // The tooling is read to be changed: a function that needs more than a screen is two ideas.
    // Tests are left out, since a describe block is a list of cases, not a procedure.
    files: ['scripts/**/*.ts'],
    ignores: ['scripts/**/*.test.ts', 'scripts/tests/**'],
    rules: { 'max-lines-per-function': ['error', { max: 60 }] },
  },
  {
    // A check reads response bodies whose shape is the very thing it tests.
    files: ['steps/*/tests/**/*.ts'],
    rules: { '@typescript-eslint/no-explicit-any': 'off' },
  },
  {
    files: frontends.map((dir) => `${dir}/**/*.{ts,tsx}`),
    ...nextPlugin.configs['core-web-vitals'],
    languageOptions: { globals: { ...globals.browser, ...globals.node } },
    settings: { next: { rootDir: frontends } },
  },
  {
    files: frontends.map((dir) => `${dir}/**/*.tsx`),
    ...reactHooks.configs.flat['recommended-latest'],
  },
  prettier,
);
