// Lint of tests, scripts and tool configs: `eslint -c eslint.dev.config.mjs …` (npm run lint).
// Not named eslint.config.* on purpose: ESLint would pick it up instead of eslint.config.mjs.
// The n8n community-node rules do not apply here (tests use timers, process, fs, child processes);
// the TypeScript and JavaScript recommended rules do.
import js from '@eslint/js';
import globals from 'globals';
import tseslint from 'typescript-eslint';

export default tseslint.config(
	{ ignores: ['**/node_modules/**', 'test/e2e/fixtures/**/dist/**'] },
	{
		files: ['**/*.ts'],
		extends: [js.configs.recommended, tseslint.configs.recommended],
		languageOptions: { globals: { ...globals.node, ...globals.jest } },
		rules: {
			// fixtures and vendor payloads are arbitrary JSON
			'@typescript-eslint/no-explicit-any': 'off',
			'@typescript-eslint/no-unused-vars': ['error', { args: 'none', varsIgnorePattern: '^_', ignoreRestSiblings: true }],
		},
	},
	{
		files: ['**/*.js'],
		extends: [js.configs.recommended],
		languageOptions: { sourceType: 'commonjs', globals: { ...globals.node, ...globals.jest } },
		rules: { 'no-unused-vars': ['error', { args: 'none', varsIgnorePattern: '^_', ignoreRestSiblings: true }] },
	},
);
