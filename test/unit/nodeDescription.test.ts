import { NODE_HINTS } from '../../nodes/ActivTrakHrdc/operations/hints';
import type { INodeProperties } from 'n8n-workflow';

import { OPERATIONS } from '../../nodes/ActivTrakHrdc/operations';
import { maxRetriesOption } from '../../nodes/ActivTrakHrdc/pipeline/options';
import { followsColumnList, HRDC_COLUMN_IDS } from '../../nodes/ActivTrakHrdc/snapshot';
import { REFUSALS } from '../../nodes/ActivTrakHrdc/transport/responses';
import { RETRYABLE_STATUSES } from '../../nodes/ActivTrakHrdc/transport/retryPolicy';
import { builtNode } from '../support/engine';

const properties = () => builtNode().description.properties;
const operationList = () =>
	properties().find((p) => p.name === 'operation')!.options as Array<{
		name: string;
		value: string;
	}>;

describe('the operation router', () => {
	test('offers each operation of the table once, the first by default', () => {
		const operation = properties().find((p) => p.name === 'operation')!;
		expect(operationList().map((o) => o.value)).toEqual(
			OPERATIONS.map((module) => module.operation.value),
		);
		expect(new Set(operationList().map((o) => o.value)).size).toBe(OPERATIONS.length);
		expect(operation.default).toBe(operationList()[0].value);
	});

	test('shows the shared parameters for the operations whose traits need them', () => {
		const shownFor = (name: string) =>
			properties().find((p) => p.name === name)!.displayOptions!.show!.operation as string[];
		const having = (trait: keyof (typeof OPERATIONS)[number]['traits']) =>
			OPERATIONS.filter((module) => module.traits[trait]).map((module) => module.operation.value);
		expect(shownFor('source')).toEqual(having('readsInput'));
		expect(shownFor('columns')).toEqual(having('readsInput'));
		expect(shownFor('safety')).toEqual(having('heldToLimits'));
		expect(shownFor('onSafetyLimit')).toEqual(having('canHold'));
	});

	test("shows each operation's own parameters only for that operation", () => {
		for (const module of OPERATIONS) {
			for (const property of module.description) {
				expect(property.displayOptions?.show?.operation).toEqual([module.operation.value]);
			}
		}
		// Upload and Preview share 'When a Safety Limit Is Hit': switching between them in the
		// editor keeps its value and the second output's connection.
		const shownWith = (name: string) =>
			properties()
				.filter((p) => p.name === name)
				.map((p) => p.displayOptions!.show!.operation as string[]);
		expect(shownWith('onSafetyLimit')).toEqual([expect.arrayContaining(['upload', 'preview'])]);
	});

	test("has one 'Options' collection, each option shown for the operations it applies to", () => {
		const having = (trait: keyof (typeof OPERATIONS)[number]['traits']) =>
			OPERATIONS.filter((module) => module.traits[trait]).map((module) => module.operation.value);
		const collections = properties().filter((p) => p.name === 'options');
		expect(collections).toHaveLength(1);
		const [options] = collections;
		const withOptions = OPERATIONS.filter(
			({ traits }) => traits.readsInput || traits.callsActivTrak,
		).map(({ operation }) => operation.value);
		expect(options.displayOptions!.show!.operation).toEqual(withOptions);
		const rules = new Map(
			(options.options as INodeProperties[]).map((option) => [
				option.name,
				option.displayOptions?.show?.['/operation'],
			]),
		);
		// What an upload sends with applies wherever the collection shows: Preview keeps it set.
		const sending = ['maxRetries', 'retryDelaySeconds', 'maxRetryWaitSeconds', 'timeoutSeconds'];
		for (const name of sending) expect(rules.get(name)).toBeUndefined();
		// How the input is read and returned: only where input is read, so Upload Approved (which
		// sends the held CSV as it is) does not offer it.
		for (const [name, rule] of rules) {
			if (!sending.includes(name))
				expect({ name, rule }).toEqual({ name, rule: having('readsInput') });
		}
		expect([...rules.keys()]).toEqual(
			expect.arrayContaining(['skipInvalid', 'groupDelimiter', 'fileName', 'outputBinaryField']),
		);
		expect(having('readsInput')).not.toContain('uploadApproved');
		expect(withOptions).toContain('uploadApproved');
	});

	test('lists every parameter once per operation it is shown for', () => {
		const seen = new Set<string>();
		for (const property of properties()) {
			const key = `${property.name} ${JSON.stringify(property.displayOptions ?? {})}`;
			expect(seen.has(key)).toBe(false);
			seen.add(key);
		}
	});

	test('builds the subtitle from the operation list', () => {
		const subtitle = builtNode().description.subtitle as string;
		for (const { name, value } of operationList()) {
			expect(subtitle).toContain(`"${value}":"${name}"`);
		}
	});
});

describe('collections of options', () => {
	test("each lists its options in alphabetical order of their names, as n8n's own nodes do", () => {
		const collections = properties().filter((p) => p.type === 'collection');
		expect(collections.map((c) => c.name)).toContain('options');
		for (const collection of collections) {
			const names = (collection.options as INodeProperties[]).map((o) => o.displayName);
			expect({ [collection.name]: names }).toEqual({
				[collection.name]: [...names].sort((a, b) => a.localeCompare(b, 'en')),
			});
		}
	});
});

describe("'Max Retries' help text", () => {
	test('names exactly the statuses that are retried, and exactly those never retried', () => {
		const text = maxRetriesOption.description!;
		const [retried, refused] = text.split('Refusals');
		const statuses = (part: string) => (part.match(/\b\d{3}\b/g) ?? []).map(Number).sort();
		expect(statuses(retried)).toEqual([...RETRYABLE_STATUSES].sort());
		expect(statuses(refused)).toEqual(Object.keys(REFUSALS).map(Number).sort());
	});
});

describe('code that follows the column list', () => {
	test('stops at load when its order is not the list', () => {
		const moved = [...HRDC_COLUMN_IDS].reverse() as unknown as Parameters<
			typeof followsColumnList
		>[0];
		expect(() => followsColumnList(moved, 'A writer')).toThrow(
			/A writer is written for the columns delete_user,.*update it/,
		);
		const order = [...HRDC_COLUMN_IDS] as unknown as Parameters<typeof followsColumnList>[0];
		expect(followsColumnList(order, 'A writer')).toBe(order);
	});
});

describe("the editor's hints", () => {
	test('each static hint fits in the 120 characters n8n lint allows, and shows only on a condition', () => {
		expect(NODE_HINTS.length).toBeGreaterThan(0);
		for (const hint of NODE_HINTS) {
			expect(hint.message.length).toBeLessThanOrEqual(120);
			expect(hint.displayCondition).toMatch(/^=\{\{ .* \}\}$/);
		}
	});
});
