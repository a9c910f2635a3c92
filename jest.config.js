/** @type {import('jest').Config} */
module.exports = {
	preset: 'ts-jest',
	testEnvironment: 'node',
	roots: ['<rootDir>/test'],
	testMatch: ['**/*.test.ts'],
	// real-n8n end-to-end runs have their own command: npm run test:e2e
	testPathIgnorePatterns: ['/node_modules/', '<rootDir>/test/e2e/'],
	// prefer Foo.node.ts over the codex file Foo.node.json next to it
	moduleFileExtensions: ['ts', 'js', 'json', 'node'],
	transform: { '^.+\\.ts$': ['ts-jest', { diagnostics: false }] },
	testTimeout: 60000,
	maxWorkers: 2,
};
