/**
 * Set Baseline's 'Baseline From' ActivTrak: its parameters, and the baseline it makes from the
 * account's HRDC groups as SCIM lists them (snapshot/accountBaseline.ts), refused, saying why,
 * when HRDC's groups cannot be told apart from other integrations'.
 */
import type { IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import { hrdcSourceTypeOf, type Ledger } from '../ledger';
import { settingRefused } from '../messages';
import {
	LOOKUP_ID_SOURCES,
	baselineFromAccount,
	count,
	type ActivTrakAccount,
	type LookupIdSource,
	type Snapshot,
} from '../snapshot';
import { refusal } from './errors';

export const BASELINE_FROM_ACTIVTRAK = 'activTrak';

const NOTHING_RECORDED = 'so nothing was recorded';

/** Its parameters, shown for Set Baseline with 'Baseline From' ActivTrak. */
export function fromActivTrakProperties(operation: string): INodeProperties[] {
	const displayOptions = {
		show: { operation: [operation], baselineFrom: [BASELINE_FROM_ACTIVTRAK] },
	};
	return [
		{
			displayName: 'Group Name Prefix',
			name: 'baselineGroupPrefix',
			type: 'string',
			default: '',
			placeholder: 'e.g. HR - ',
			description:
				"The prefix the sync's HRDC groups have ('Group Name Prefix' of its preset): ActivTrak's groups whose names start with it become the baseline. Once the node has seen an accepted upload in ActivTrak it knows HRDC's groups by their source, and the prefix is not needed.",
			displayOptions,
		},
		{
			displayName: 'Lookup IDs Are',
			name: 'lookupIdFrom',
			type: 'options',
			options: [
				{ name: 'Email', value: 'email', description: "The user's (primary) e-mail in ActivTrak" },
				{
					name: 'User Name (UPN)',
					value: 'userName',
					description: "ActivTrak's user name: the UPN, or the e-mail when there is none",
				},
				{
					name: 'Employee ID',
					value: 'employeeNumber',
					description: 'The employee number ActivTrak keeps for the user',
				},
			] satisfies Array<{ value: LookupIdSource } & Record<string, string>>,
			default: 'email',
			description:
				'What the sync puts in user_lookup_id, so the next upload finds the same people in the baseline',
			displayOptions,
		},
	];
}

/** 'Baseline From': the CSV last uploaded (the default), or ActivTrak. */
export function readBaselineFrom(ctx: IExecuteFunctions): 'csv' | typeof BASELINE_FROM_ACTIVTRAK {
	const from = ctx.getNodeParameter('baselineFrom', 0, 'csv');
	if (from === 'csv' || from === BASELINE_FROM_ACTIVTRAK) return from;
	throw refusal(ctx, settingRefused("'Baseline From'", from, 'CSV Last Uploaded or ActivTrak'), '');
}

/** The baseline ActivTrak's HRDC groups make, what it is said to be from, and its warnings. */
export function baselineFromActivTrak(
	ctx: IExecuteFunctions,
	ledger: Ledger,
	account: ActivTrakAccount,
): { snapshot: Snapshot; from: string; warnings: string[] } {
	const prefix = ctx.getNodeParameter('baselineGroupPrefix', 0, '');
	const lookupIdFrom = ctx.getNodeParameter('lookupIdFrom', 0, 'email');
	if (typeof prefix !== 'string')
		throw refusal(ctx, settingRefused("'Group Name Prefix'", prefix, 'a text'), '');
	if (!LOOKUP_ID_SOURCES.includes(lookupIdFrom as LookupIdSource))
		throw refusal(
			ctx,
			settingRefused("'Lookup IDs Are'", lookupIdFrom, 'Email, User Name or Employee ID'),
			'',
		);
	const hrdcSourceType = hrdcSourceTypeOf(ledger.entry, account);
	const made = baselineFromAccount(account, {
		hrdcSourceType,
		groupPrefix: prefix,
		lookupIdFrom: lookupIdFrom as LookupIdSource,
	});
	if (!made)
		throw refusal(
			ctx,
			`Which of ActivTrak's groups HRDC made is not known yet and 'Group Name Prefix' is empty, ${NOTHING_RECORDED}`,
			"Every group of every integration (Entra ID, Okta, made by hand) would count as HRDC's, and the next upload's limits would not see the HRDC groups it deletes. Enter the prefix the sync's preset puts before its group names. The node learns HRDC's groups by their source once ActivTrak shows the groups of an accepted upload.",
		);
	const { snapshot } = made;
	if (snapshot.problems.length > 0) {
		const [first] = snapshot.problems;
		throw refusal(
			ctx,
			`${made.recordName(first.itemIndex)}, column ${first.column}: ${first.message.replace(/\.$/, '')}, ${NOTHING_RECORDED}`,
			`ActivTrak lists a value that HRDC would refuse in an upload (${count(snapshot.problems.length, 'problem')}). Set the baseline from the CSV last uploaded instead.`,
		);
	}
	if (snapshot.users.count === 0)
		throw refusal(
			ctx,
			`ActivTrak shows no ${made.groupsBy === 'prefix' ? `group whose name starts with ${JSON.stringify(prefix)}` : 'HRDC group'} with members, ${NOTHING_RECORDED}`,
			'A baseline of nobody would hold nothing. Check the prefix (spaces count), or set the baseline from the CSV last uploaded.',
		);
	const warnings: string[] = [];
	if (made.membersWithoutId > 0)
		warnings.push(
			`${count(made.membersWithoutId, 'group member')} of ActivTrak ${made.membersWithoutId === 1 ? 'has' : 'have'} no ${lookupIdFrom === 'employeeNumber' ? 'employee ID' : lookupIdFrom === 'email' ? 'e-mail' : 'user name'} there and ${made.membersWithoutId === 1 ? 'is' : 'are'} not in the baseline: the next upload counts them as new members.`,
		);
	if (made.membersNotListed > 0)
		warnings.push(
			`${count(made.membersNotListed, 'group member')} of ActivTrak ${made.membersNotListed === 1 ? 'is' : 'are'} not among its users (SCIM listed them in a group only) and not in the baseline.`,
		);
	const from =
		made.groupsBy === 'source type'
			? "ActivTrak's HRDC groups (known by their source)"
			: `ActivTrak's groups whose names start with ${JSON.stringify(prefix)}`;
	return { snapshot, from, warnings };
}
