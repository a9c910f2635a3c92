/** Real-n8n end-to-end suite: npm run test:e2e (provisions n8n 2.41.1 into .n8n-runtime/). */
const base = require('./jest.config');

/** @type {import('jest').Config} */
module.exports = {
	...base,
	roots: ['<rootDir>/test/e2e'],
	// the queue-mode files start six n8n processes with PostgreSQL and Redis and took over 40 min
	// on a loaded 2-core machine: they run with `npm run test:queue`, not in `npm run test:e2e`
	testPathIgnorePatterns: ['/node_modules/', ...(process.env.CALLBOT_QUEUE_E2E === '1' ? [] : ['/test/e2e/queue-'])],
	testTimeout: 20 * 60_000,
	maxWorkers: 1,
};
