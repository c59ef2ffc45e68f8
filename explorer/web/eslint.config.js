// ESLint's recommended rules over the explorer's sources (browser) and their unit tests (node).
import js from '@eslint/js';
import globals from 'globals';

export default [
  js.configs.recommended,
  { files: ['src/**/*.js'], languageOptions: { globals: globals.browser } },
  {
    files: ['test/**/*.js', 'bundle.js', 'eslint.config.js'],
    languageOptions: { globals: globals.node },
  },
];
