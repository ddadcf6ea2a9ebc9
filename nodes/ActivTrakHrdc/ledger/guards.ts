/**
 * The refusals the ledger imposes on a run before it changes anything: a baseline setting that
 * is not on or off, an upload from the editor that n8n would not keep, a baseline replaced
 * without being asked to.
 */
import type { IExecuteFunctions } from 'n8n-workflow';

import { refusedBecause, settingRefused } from '../messages';
import { refusal } from '../pipeline/errors';
import { timeShownIn } from '../snapshot';
import { baselineSetting } from './description';
import { isBlank } from './entry';
import type { Ledger } from './types';

/**
 * 'Keep Lookup IDs in Baseline': whether the next baseline keeps the users' lookup ids. Only a
 * true or false counts: an expression giving anything else stops the run, named, rather than
 * storing ids an account chose not to store (or dropping the names an approver needs).
 */
export function keepsLookupIds(ctx: IExecuteFunctions): boolean {
	const value = baselineSetting(ctx, 'keepLookupIds');
	if (typeof value === 'boolean') return value;
	throw refusal(
		ctx,
		settingRefused("'Keep Lookup IDs in Baseline'", value, 'on or off'),
		'If it is set by an expression, check that the expression gives true or false.',
	);
}

/** Set Baseline decides what every limit compares with: it never replaces one unless asked. */
export function refuseToReplaceBaseline(ctx: IExecuteFunctions, ledger: Ledger): void {
	const before = ledger.entry;
	if (!isBlank(ledger.entry) && ctx.getNodeParameter('replaceBaseline', 0, false) !== true) {
		throw refusal(
			ctx,
			`This workflow already keeps a baseline for this ActivTrak account${before.accepted ? ` (accepted ${timeShownIn(ctx.getTimezone())(before.accepted.acceptedAt)})` : ''}, so nothing was recorded`,
			"Set Baseline decides what every safety limit compares with, so it never replaces one silently. If the CSV (or ActivTrak's groups) really is what ActivTrak holds now (e.g. after uploads by hand), turn on 'Replace Existing Baseline' for one run.",
		);
	}
}

/**
 * A manual run's static data is never saved by n8n: an upload from the editor would leave the
 * ledger wrong once this process ends, so it is refused (docs/baseline.md, "Manual runs").
 */
export function refuseManualSend(ctx: IExecuteFunctions, ledger: Ledger, what: string): void {
	if (ledger.store !== 'n8n static data' || ctx.getMode() !== 'manual') return;
	throw refusal(
		ctx,
		refusedBecause(
			`${what} from the editor (a manual run) is refused with 'Baseline Store' set to Static Data`,
		),
		"n8n does not keep the static data of a manual run, so ActivTrak would hold this upload while the node's ledger still said otherwise, and the next runs' safety limits would compare with the wrong state. Preview Snapshot works here. To upload now, run the published workflow (a Form or Webhook trigger beside the schedule, as in the templates), or set 'Baseline Store' to Workflow Data.",
	);
}
