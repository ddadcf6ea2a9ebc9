// Lint for the code that never runs inside n8n (tests, benchmarks, scripts): the TypeScript
// rules only. They use Node.js built-ins, timers and child processes, which n8n's rules for
// published nodes rightly forbid; eslint.config.mjs leaves these folders out for that reason.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';

export default tseslint.config({
	files: ['test/**/*.ts', 'bench/**/*.ts', 'scripts/**/*.ts'],
	extends: [js.configs.recommended, tseslint.configs.recommended],
	rules: { 'prefer-spread': 'off' },
});
