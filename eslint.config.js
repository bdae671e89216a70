// @ts-check
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import boundaries from 'eslint-plugin-boundaries';

// The folder layout is the architecture: imports only point inward (see docs/architecture.md).
const layers = [
  { type: 'domain', pattern: 'src/domain/**' },
  { type: 'app', pattern: 'src/app/**' },
  { type: 'store', pattern: 'src/store/**' },
  { type: 'http', pattern: 'src/http/**' },
  { type: 'cli', pattern: 'src/cli/**' },
  { type: 'reports', pattern: 'src/reports/**' },
  { type: 'notify', pattern: 'src/notify/**' },
  { type: 'demo', pattern: 'src/demo/**' },
  { type: 'adapters', pattern: 'src/adapters/**' },
  { type: 'main', pattern: 'src/main.ts', mode: 'file' },
  { type: 'test', pattern: 'test/**' },
  { type: 'bench', pattern: 'bench/**' },
];

export default tseslint.config(
  {
    ignores: [
      'dist/**',
      'node_modules/**',
      'data/**',
      'bin/**',
      'scripts/**',
      'eslint.config.js',
      'web/dist/**',
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.recommendedTypeChecked,
  {
    languageOptions: {
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
    },
    plugins: { boundaries },
    settings: {
      'boundaries/elements': layers,
      'boundaries/include': ['src/**/*', 'test/**/*', 'bench/**/*'],
      // The TypeScript resolver maps the `.js` of ES-module imports to the `.ts` source, so that the
      // boundaries rule sees every import (the node resolver found no file and let them all pass).
      'import/resolver': { typescript: { project: './tsconfig.json' } },
    },
    rules: {
      'require-atomic-updates': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/consistent-type-imports': 'error',
      '@typescript-eslint/restrict-template-expressions': [
        'error',
        { allowNumber: true, allowBoolean: true },
      ],
      'boundaries/element-types': [
        'error',
        {
          default: 'disallow',
          rules: [
            { from: 'domain', allow: ['domain'] },
            { from: 'app', allow: ['app', 'domain'] },
            { from: 'store', allow: ['store', 'app', 'domain'] },
            // The reports' renderers are an output format the HTTP API and the CLI both serve.
            { from: 'http', allow: ['http', 'app', 'domain', 'reports'] },
            { from: 'cli', allow: ['cli', 'app', 'domain', 'reports'] },
            { from: 'reports', allow: ['reports', 'app', 'domain'] },
            { from: 'notify', allow: ['notify', 'app', 'domain'] },
            { from: 'demo', allow: ['demo', 'app', 'domain'] },
            { from: 'adapters', allow: ['adapters', 'app', 'domain'] },
            {
              from: 'main',
              allow: ['domain', 'app', 'store', 'http', 'cli', 'reports', 'notify', 'demo', 'adapters'],
            },
            {
              from: 'test',
              allow: [
                'domain',
                'app',
                'store',
                'http',
                'cli',
                'reports',
                'notify',
                'demo',
                'main',
                'test',
                'adapters',
                // The bench's fixtures (a gate world, an order body) are shared with the tests that check them.
                'bench',
              ],
            },
            { from: 'bench', allow: ['domain', 'app', 'store', 'http', 'main', 'bench', 'adapters'] },
          ],
        },
      ],
    },
  },
  {
    files: ['src/domain/**'],
    rules: {
      // The domain is pure: no I/O, no clock, no randomness.
      'no-restricted-globals': ['error', 'Date', 'Math', 'process', 'setTimeout', 'fetch'],
      'no-restricted-imports': ['error', { patterns: ['node:*', 'fs', 'path', 'crypto'] }],
    },
  },
  {
    // The web application (issue 8): a browser client of the HTTP API, with its own tsconfig. It
    // imports nothing from src/: it speaks to the server over /api/v1 only.
    files: ['web/**/*.{ts,tsx}'],
    languageOptions: {
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
    },
    rules: {
      'no-restricted-imports': ['error', { patterns: ['../src/*', '../../src/*', '../../../src/*'] }],
    },
  },
);
