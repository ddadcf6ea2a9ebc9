/** @type {import('jest').Config} */
module.exports = {
	testEnvironment: 'node',
	roots: ['<rootDir>/test'],
	testMatch: ['**/*.test.ts'],
	// The real-n8n tests take minutes: `npm run test:e2e` runs them (jest.e2e.config.js).
	testPathIgnorePatterns: ['/node_modules/', '/test/e2e/'],
	transform: {
		'^.+\\.ts$': ['ts-jest', { tsconfig: 'tsconfig.json' }],
	},
	testTimeout: 30000,
	// Engine tests load dist/ (as n8n does): it is built first, so an edit is never tested stale.
	globalSetup: '<rootDir>/test/support/buildFirst.js',
	setupFiles: ['<rootDir>/test/support/jestSetup.ts'],
	// A test that asserts nothing fails (test/support/everyTestAsserts.ts).
	setupFilesAfterEnv: ['<rootDir>/test/support/everyTestAsserts.ts'],
};
