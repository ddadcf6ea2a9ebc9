import type { ILoadOptionsFunctions, ResourceMapperFields } from 'n8n-workflow';

import { HRDC_COLUMNS } from '../snapshot/columns';

/**
 * The resource mapper's fields: the seven HRDC columns. No field type is set, so n8n passes
 * each value through as the item gives it (an array of groups stays an array) and the snapshot
 * code reads and checks it, naming the item.
 */
export async function getHrdcColumns(this: ILoadOptionsFunctions): Promise<ResourceMapperFields> {
	return {
		fields: HRDC_COLUMNS.map((column) => ({
			id: column.id,
			displayName: `${column.id} (${column.displayName})`,
			required: column.required,
			defaultMatch: false,
			canBeUsedToMatch: false,
			display: true,
		})),
	};
}
