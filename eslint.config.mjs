// ESLint: typescript-eslint's type-checked recommended rules over the bot, the tab and the tests,
// React's hooks rules over the tab, plain JS rules over the scripts. Formatting is Prettier's job;
// import boundaries are dependency-cruiser's (.dependency-cruiser.cjs); unused code is knip's.
import js from '@eslint/js';
import reactHooks from 'eslint-plugin-react-hooks';
import globals from 'globals';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  { ignores: ['dist/**', 'build/**', 'coverage/**', 'test-results/**', '.ci/**'] },
  js.configs.recommended,
  {
    files: ['**/*.{ts,tsx,mts}'],
    extends: [tseslint.configs.recommendedTypeChecked],
    languageOptions: {
      parserOptions: {
        // vite.config.mts is in no tsconfig; it is checked with the tab's options (bundler resolution).
        projectService: { allowDefaultProject: ['tab/vite.config.mts'], defaultProject: 'tab/tsconfig.json' },
        tsconfigRootDir: import.meta.dirname,
      },
    },
    rules: {
      // Store ports are async by contract even where an adapter answers synchronously (SQLite, the
      // write buffer); dropping `async` there would turn a thrown error into a synchronous throw.
      '@typescript-eslint/require-await': 'off',
      // The same convention tsc's noUnusedLocals accepts: a leading _ marks a binding left out on purpose.
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_', ignoreRestSiblings: true }],
      // Passing on a caught error as it came (like `throw error`) is allowed; new rejections must be Errors.
      '@typescript-eslint/prefer-promise-reject-errors': ['error', { allowThrowingUnknown: true }],
    },
  },
  {
    rules: {
      // Stripping control characters from user text and imported files is what those regexes are for.
      'no-control-regex': 'off',
      // Japanese card text uses the ideographic space (U+3000) inside template literals on purpose.
      'no-irregular-whitespace': ['error', { skipTemplates: true }],
    },
  },
  {
    files: ['bot/teams/**/*.ts'],
    rules: {
      // botbuilder types activity.type as a string and ActivityTypes as a string enum; comparing the
      // two is how an activity is routed.
      '@typescript-eslint/no-unsafe-enum-comparison': 'off',
    },
  },
  {
    files: ['bot/demo/**/*.ts', 'test/unit/demo-data.test.ts'],
    rules: {
      // JsonFields' readers (f.string, f.number…) are handed to f.nullable(), which calls them on
      // their own JsonFields (read.call(this)); unbinding them is the design, not a slip.
      '@typescript-eslint/unbound-method': 'off',
    },
  },
  {
    files: ['test/**/*.ts'],
    rules: {
      // Tests read HTTP bodies, activities and Graph payloads as untyped JSON and assert on them with
      // expect(); typing each one would add ceremony, not safety.
      '@typescript-eslint/no-unsafe-assignment': 'off',
      '@typescript-eslint/no-unsafe-member-access': 'off',
      '@typescript-eslint/no-unsafe-call': 'off',
      '@typescript-eslint/no-unsafe-argument': 'off',
      '@typescript-eslint/no-unsafe-return': 'off',
    },
  },
  {
    files: ['tab/src/**/*.{ts,tsx}'],
    extends: [reactHooks.configs.flat.recommended],
    languageOptions: { globals: globals.browser },
    rules: {
      // The tab fetches in effects and shows a loading state first, as React's docs do without a
      // data framework; this React Compiler rule would flag every such load.
      'react-hooks/set-state-in-effect': 'off',
    },
  },
  {
    files: ['**/*.{js,mjs,cjs}'],
    extends: [tseslint.configs.disableTypeChecked],
    languageOptions: { globals: { ...globals.node } },
  },
);
