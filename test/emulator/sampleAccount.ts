import type { AccountSeed } from './HrdcEmulator';

/** A small ActivTrak account for the demo and the dev loop: six people, one app-made group. */
export const SAMPLE_ACCOUNT: AccountSeed = {
	users: [
		{ email: 'ana.garcia@example.com', displayName: 'ana.garcia' },
		{ email: 'bo.chen@example.com', upn: 'bchen@corp.example.com', displayName: 'bo.chen' },
		{ email: 'chloe.dubois@example.com', employeeId: 'E-1003', displayName: 'chloe.dubois' },
		{ email: 'dev.patel@example.com', displayName: 'dev.patel' },
		{ email: 'emma.schmidt@example.com', displayName: 'emma.schmidt' },
		{ email: 'finn.obrien@example.com', displayName: 'finn.obrien' },
	],
	groups: [
		{
			name: 'Old Org Chart',
			source: 'hrdc',
			members: ['dev.patel@example.com', 'finn.obrien@example.com'],
		},
		{ name: 'Made In App', source: 'app', members: ['ana.garcia@example.com'] },
	],
};
