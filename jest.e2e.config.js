/** Real-n8n end-to-end suite: npm run test:e2e (provisions n8n 2.41.1 into .n8n-runtime/). */
const base = require('./jest.config');

/** @type {import('jest').Config} */
module.exports = {
	...base,
	roots: ['<rootDir>/test/e2e'],
	testPathIgnorePatterns: ['/node_modules/'],
	testTimeout: 20 * 60_000,
	maxWorkers: 1,
};
