/**
 * The fast path for plain field references must give exactly what n8n's own expression
 * evaluation gives. A probe node with the real `columns` parameter asks n8n (in the real engine)
 * and the direct read, for random items and references; wherever the direct read answers, the
 * two must be equal.
 */
import fc from 'fast-check';
import type { IDataObject } from 'n8n-workflow';

import { classifyColumnSource } from '../../nodes/ActivTrakHrdc/snapshot';
import { MAPPING_PROBE_NODE_TYPE } from '../support/testNodes';
import { hrdcWorkflow, runWorkflow } from '../support/engine';

const KEYS = ['email', 'a', 'b', 'first name', 'list', 'n', 'toString'];
const leaf = fc.oneof(
	fc.string({ maxLength: 6 }),
	fc.constantFrom('', ' x ', '{{ $json.a }}', '=1', 'ü😀'),
	fc.integer(),
	fc.double(),
	fc.boolean(),
	fc.constant(null),
);
const value: fc.Arbitrary<unknown> = fc.letrec((tie) => ({
	node: fc.oneof(
		{ depthSize: 'small' },
		leaf,
		fc.array(tie('node'), { maxLength: 3 }),
		fc.dictionary(fc.constantFrom(...KEYS), tie('node'), { maxKeys: 3 }),
	),
})).node;
// Mostly the shape the references expect, with gaps and surprises.
const item = fc.record(
	{
		email: leaf,
		a: fc.oneof(
			fc.record(
				{ b: fc.oneof(leaf, fc.array(leaf, { maxLength: 3 })), a: value },
				{ requiredKeys: [] },
			),
			value,
		),
		b: value,
		'first name': leaf,
		list: fc.oneof(fc.array(leaf, { maxLength: 3 }), value),
		n: fc.oneof(leaf, value),
	},
	{ requiredKeys: [] },
);
const segment = fc.constantFrom(
	'.email',
	'.a',
	'.b',
	'["first name"]',
	"['a']",
	'.list',
	'.n',
	'.length',
	'.constructor',
	'.toString',
	'.missing',
);
const reference = fc
	.array(segment, { minLength: 1, maxLength: 3 })
	.chain((segments) =>
		fc.constantFrom(`={{ $json${segments.join('')} }}`, `={{$json${segments.join('')}}}`),
	);

describe('plain field references read directly', () => {
	test('give exactly what n8n evaluates, on random items', async () => {
		let compared = 0;
		await fc.assert(
			fc.asyncProperty(
				fc.array(item, { minLength: 1, maxLength: 15 }),
				fc.array(reference, { minLength: 1, maxLength: 4 }),
				async (items, references) => {
					const value = Object.fromEntries(references.map((ref, i) => [`c${i}`, ref]));
					const workflow = hrdcWorkflow(items, {
						columns: { mappingMode: 'defineBelow', value, matchingColumns: [], schema: [] },
					});
					workflow.nodes[1].type = MAPPING_PROBE_NODE_TYPE;
					const result = await runWorkflow(workflow);
					expect(result.error).toBeUndefined();
					for (const output of result.output('ActivTrak HRDC')) {
						const { byN8n, direct } = output.json as { byN8n: IDataObject; direct: IDataObject };
						for (const [column, read] of Object.entries(direct)) {
							if (read === '<ask n8n>') continue;
							expect({ column, reference: value[column], read }).toEqual({
								column,
								reference: value[column],
								read: byN8n[column],
							});
							compared++;
						}
					}
				},
			),
			{ numRuns: Number(process.env.FC_RUNS ?? 60), seed: Number(process.env.FC_SEED ?? 7) },
		);
		// The direct read must actually answer for most references, or it saves nothing.
		expect(compared).toBeGreaterThan(100);
	});

	test.each<[unknown, string]>([
		['={{ $json.email }}', 'field'],
		['={{ $json["first name"] }}', 'field'],
		["={{$json.work['e-mail'].primary}}", 'field'],
		['={{ $json.email.toLowerCase() }}', 'expression'],
		['={{ $json.list[0] }}', 'expression'],
		['={{ $json.__proto__ }}', 'expression'],
		["={{ $('HR').item.json.email }}", 'expression'],
		['={{ $json.a }} {{ $json.b }}', 'expression'],
		['Sales', 'fixed'],
		[42, 'fixed'],
	])('%p is read as %s', (raw, kind) => {
		expect(classifyColumnSource(raw).kind).toBe(kind);
	});
});
