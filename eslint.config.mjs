// n8n's own lint for community nodes, as `npm create @n8n/node` writes it (`config` from
// @n8n/node-cli, n8n Cloud rules included), over what is published: nodes/, credentials/ and
// package.json. Tests, benchmarks and scripts run under jest and Node.js, never inside n8n, so
// they are left out as published verified packages leave theirs out; `npm run lint` type-checks
// them and holds them to prettier. Because of these ignores, package.json cannot say
// "strict": true (n8n-node lint then insists on the template file as is); scripts/lint.sh makes
// up for it by also linting the published sources with the untouched template file.
import { config } from '@n8n/node-cli/eslint';

export default [
	{ ignores: ['test/**', 'bench/**', 'scripts/**', '.tmp/**', 'coverage/**'] },
	...config,
];
