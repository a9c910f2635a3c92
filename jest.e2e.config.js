/** Real-n8n end-to-end suite: npm run test:e2e (provisions n8n 2.41.1 into .n8n-runtime/). */
const base = require('./jest.config');

/** @type {import('jest').Config} */
module.exports = {
	...base,
	roots: ['<rootDir>/test/e2e'],
	// the queue-mode file starts PostgreSQL, Redis and five n8n processes: it runs as its own step of
	// .ci/run (`npm run test:queue`, which sets CALLBOT_QUEUE_E2E=1), not inside `npm run test:e2e`
	testPathIgnorePatterns: ['/node_modules/', ...(process.env.CALLBOT_QUEUE_E2E === '1' ? [] : ['/test/e2e/queue-'])],
	testTimeout: 20 * 60_000,
	maxWorkers: 1,
};
