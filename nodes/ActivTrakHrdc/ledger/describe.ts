/** What a run's output says about the ledger it was compared with, loudly when it has none. */
import type { IDataObject } from 'n8n-workflow';

import { LIMITS_AGAINST_LAST_UPLOAD, limitLabel } from '../limits';
import type { Ledger } from './types';

/** The sentence every stop and warning about an upload in doubt starts with. */
export const outcomeNotKnown = (sentAt: string) =>
	`the outcome of the upload at ${sentAt} is not known: ActivTrak may have applied it`;

export function describeLedger(ledger: Ledger): IDataObject {
	const { entry } = ledger;
	const common: IDataObject = { keptIn: ledger.store, generation: entry.generation };
	if (entry.inDoubt.length > 0) {
		common.uploadsInDoubt = entry.inDoubt.map(({ sentAt }) => ({ sentAt }));
	}
	if (ledger.foundIn === 'previous key') common.takenOverFrom = 'another key or base URL';
	if (entry.accepted) return { found: true, acceptedAt: entry.accepted.acceptedAt, ...common };
	return {
		found: false,
		...common,
		why: 'No upload from this workflow to this ActivTrak account has been accepted yet (a first upload)',
		limitsNotChecked: LIMITS_AGAINST_LAST_UPLOAD.map((limit) => limitLabel(limit)),
	};
}

/** The warnings every run carries about its ledger, first in `warnings`. */
export function ledgerWarnings(ledger: Ledger): string[] {
	const warnings: string[] = [];
	if (!ledger.entry.accepted) {
		warnings.push(
			`No baseline: nothing from this workflow to this ActivTrak account was accepted before, so every Do Not Track and deletion counts as new and these limits could not be checked: ${LIMITS_AGAINST_LAST_UPLOAD.map((limit) => `'${limitLabel(limit)}'`).join(', ')}. If this account has had uploads before (from another workflow, by hand, or from this one before its ledger was lost), run Set Baseline From Previous Upload first.`,
		);
	}
	for (const { sentAt } of ledger.entry.inDoubt) {
		const text = outcomeNotKnown(sentAt);
		warnings.push(
			`${text[0].toUpperCase()}${text.slice(1)}. This run was checked against that upload as well as against the last accepted one; the next accepted upload settles it.`,
		);
	}
	return [...warnings, ...ledger.notes];
}
