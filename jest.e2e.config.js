/** @type {import('jest').Config} Real-n8n tests: slow, run by `npm run test:e2e`. */
module.exports = {
	...require('./jest.config.js'),
	testMatch: ['**/test/e2e/**/*.e2e.test.ts'],
	testPathIgnorePatterns: ['/node_modules/'],
	testTimeout: 900000,
};
