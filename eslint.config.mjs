// Root lint of the package sources (nodes/, credentials/, package.json) with exactly the config
// `n8n-node lint` uses. `n8n-node lint` in strict mode runs in each generated package folder
// (packages/<name>/, with the template's own eslint.config.mjs: `npm run check:packages`). Tests
// and scripts may use timers, process and fs: they have their own rules (eslint.dev.config.mjs).
import { config } from '@n8n/node-cli/eslint';
import { globalIgnores } from 'eslint/config';

export default [
	globalIgnores(['packages', 'test', 'scripts', 'e2e', 'examples', 'docs', 'coverage', '.cache', '.n8n-runtime', '*.js', '*.mjs']),
	...config,
];
