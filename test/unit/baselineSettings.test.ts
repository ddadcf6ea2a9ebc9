/**
 * The baseline settings as the editor shows them: at the top level for version 1 of the node,
 * in the collapsed 'Baseline (Advanced)' collection from version 2, the same settings in both.
 */
import type { INodeProperties } from 'n8n-workflow';

import { ActivTrakHrdc } from '../../nodes/ActivTrakHrdc/ActivTrakHrdc.node';
import {
	BASELINE_COLLECTION_SINCE,
	baselineCollection as collection,
	baselineProperties as topLevel,
} from '../../nodes/ActivTrakHrdc/ledger/description';

const description = new ActivTrakHrdc().description;

describe('the baseline settings by node version', () => {
	test('new nodes are version 2, and version 1 still loads', () => {
		expect(description.version).toEqual([1, BASELINE_COLLECTION_SINCE]);
		expect(description.defaultVersion).toBe(BASELINE_COLLECTION_SINCE);
	});

	test('version 1 shows each at the top level, and only version 1', () => {
		expect(topLevel.map((property) => property.name)).toEqual([
			'baselineStore',
			'previousBaseline',
			'firstUpload',
			'keepLookupIds',
			'takeOverBaseline',
		]);
		for (const property of topLevel) {
			expect(property.displayOptions?.show?.['@version']).toEqual([1]);
		}
		// The rules each had still hold beside the version.
		const byName = new Map(topLevel.map((property) => [property.name, property]));
		expect(byName.get('previousBaseline')!.displayOptions!.show!.baselineStore).toEqual([
			'workflowData',
		]);
		expect(byName.get('takeOverBaseline')!.displayOptions!.hide!.baselineStore).toEqual([
			'workflowData',
		]);
	});

	test("version 2 keeps the same settings in a collapsed 'Baseline (Advanced)', sorted", () => {
		expect(collection).toMatchObject({
			displayName: 'Baseline (Advanced)',
			name: 'baseline',
			type: 'collection',
			default: {},
			displayOptions: { show: { '@version': [{ _cnd: { gte: 2 } }] } },
		});
		expect(collection.description).toMatch(/<a href="[^"]+\/docs\/baseline\.md">docs<\/a>\)$/);
		const options = collection.options as INodeProperties[];
		expect(options.map((option) => option.name).sort()).toEqual(
			topLevel.map((property) => property.name).sort(),
		);
		const names = options.map((option) => option.displayName);
		expect(names).toEqual([...names].sort((a, b) => a.localeCompare(b)));
		for (const option of options) {
			expect(option.displayOptions?.show?.['@version']).toBeUndefined();
			// One plain sentence each: the details are in docs/baseline.md.
			expect(option.description!.split('. ')).toHaveLength(1);
		}
	});

	test('the collection comes after the Options, the top-level settings where they were', () => {
		const names = description.properties.map((property) => property.name);
		expect(names.filter((name) => name === 'baseline')).toHaveLength(1);
		expect(names.filter((name) => name === 'firstUpload')).toHaveLength(1);
		// The snapshot's Options come last of the two named so (Upload Approved has its own).
		expect(names.indexOf('baseline')).toBe(names.lastIndexOf('options') + 1);
		expect(names.indexOf('baselineStore')).toBeLessThan(names.indexOf('options'));
	});
});
