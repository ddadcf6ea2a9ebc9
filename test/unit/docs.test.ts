import { readFileSync } from 'node:fs';

import {
	README,
	exampleFiles,
	exampleWithSchema,
	readmeWithTables,
	savedSchema,
} from '../../scripts/docs';
import { HRDC_COLUMN_IDS } from '../../nodes/ActivTrakHrdc/snapshot';
import { builtNode } from '../support/engine';

test('the README tables are generated from the column list and the limit table (run npm run docs)', () => {
	const readme = readFileSync(README, 'utf8');
	expect(readme).toBe(readmeWithTables(readme));
});

test('the resource mapper offers exactly the HRDC columns, user_lookup_id required', async () => {
	const node = builtNode();
	const getColumns = (
		node.methods?.resourceMapping as Record<
			string,
			() => Promise<{ fields: Array<{ id: string; required: boolean }> }>
		>
	).getHrdcColumns;
	const { fields } = await getColumns.call({} as never);
	expect(fields.map((f) => f.id)).toEqual(HRDC_COLUMN_IDS);
	expect(fields.filter((f) => f.required).map((f) => f.id)).toEqual(['user_lookup_id']);
});

test("every example's saved column schema is what the resource mapper gives (run npm run docs)", async () => {
	const node = builtNode();
	const getColumns = (
		node.methods?.resourceMapping as Record<
			string,
			() => Promise<{ fields: Array<{ id: string; displayName: string; required: boolean }> }>
		>
	).getHrdcColumns;
	const schema = savedSchema((await getColumns.call({} as never)).fields);
	for (const file of exampleFiles()) {
		const text = readFileSync(file, 'utf8');
		expect(JSON.parse(exampleWithSchema(text, schema))).toEqual(JSON.parse(text));
	}
});
