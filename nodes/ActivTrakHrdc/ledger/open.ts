/**
 * Reading the ledger for a run, failing closed: an entry that cannot be read, an account with no
 * entry where the workflow keeps one for another key or base URL, and a send with no entry at
 * all (unless First Upload, which only ever applies where the account has none) each stop the
 * run, naming what to do.
 */
import type { IExecuteFunctions } from 'n8n-workflow';

import { refusal } from '../pipeline/errors';
import { activTrakEndpoint, legacyCredentialNames } from '../transport';
import { accountNames } from './salt';
import { STORE_WORKFLOW_DATA, baselineSetting } from './description';
import { emptyEntry, isBlank, type LedgerEntry } from './entry';
import { accountsKnownFor, newestKnown, slotKey } from './registry';
import {
	KEPT_MARK_KEY,
	globalStaticData,
	readForeign,
	readHandedIn,
	readStatic,
	staticAccounts,
	type Found,
} from './stores';
import type { Ledger, StoreName } from './types';
import {
	FIRST_UPLOAD_NEEDS_KEPT_RUN,
	NOTHING_SENT,
	NO_EARLIER_UPLOAD,
	refusedBecause,
} from '../messages';

export function storeOf(ctx: IExecuteFunctions): StoreName {
	return baselineSetting(ctx, 'baselineStore') === STORE_WORKFLOW_DATA
		? 'workflow data'
		: 'n8n static data';
}

/** Only an explicit true: an expression giving "false" must not turn limits off. */
const switchOn = (ctx: IExecuteFunctions, name: 'firstUpload' | 'takeOverBaseline') =>
	baselineSetting(ctx, name) === true;

const UNREADABLE = {
	'not a ledger': 'is not a ledger record this version of the node can read',
	'another account': 'belongs to another ActivTrak account (another key or base URL)',
	'not signed': 'is not signed by this credential',
} as const;

const RECOVER =
	"If ActivTrak's users and groups are as the last accepted upload left them, run Set Baseline From Previous Upload with that upload's CSV (the run's output carries it) and 'Replace Existing Baseline' on.";

function unreadable(ctx: IExecuteFunctions, store: StoreName, why: keyof typeof UNREADABLE) {
	const where =
		store === 'workflow data'
			? "'Previous Baseline'"
			: 'The ledger kept for this ActivTrak account';
	return refusal(
		ctx,
		refusedBecause(`${where} ${UNREADABLE[why]}`),
		`Without it the safety limits cannot see what this upload would delete or untrack. It was changed after the node wrote it, written by another version, or by a credential with another key. ${store === 'workflow data' ? "Pass the 'newBaseline' of the last accepted upload unchanged. " : ''}${RECOVER}`,
	);
}

/** The entry of another account this workflow keeps (Take Over), and what differs from it. */
function otherAccounts(
	ctx: IExecuteFunctions,
	ledger: Ledger,
	store: StoreName,
	legacyAccount: string,
) {
	const found = new Map<string, LedgerEntry | null>();
	if (store === 'n8n static data') {
		for (const { account, record } of staticAccounts(ctx)) {
			if (account !== ledger.account && account !== legacyAccount)
				found.set(account, readForeign(record));
		}
	}
	for (const account of accountsKnownFor(ledger.workflowId)) {
		if (account !== ledger.account) {
			found.set(
				account,
				newestKnown(slotKey(ledger.workflowId, account)) ?? found.get(account) ?? null,
			);
		}
	}
	return [...found.entries()];
}

function takeOverOrStop(
	ctx: IExecuteFunctions,
	ledger: Ledger,
	store: StoreName,
	legacyAccount: string,
): void {
	const others = otherAccounts(ctx, ledger, store, legacyAccount);
	if (others.length === 0) return;
	const sameBaseUrl = others.some(([, entry]) => !entry || entry.endpoint === ledger.endpoint);
	if (switchOn(ctx, 'takeOverBaseline')) {
		const [account, entry] = others.length === 1 ? others[0] : ['', null];
		if (entry) {
			ledger.entry = { ...entry, endpoint: ledger.endpoint };
			ledger.foundIn = 'previous key';
			ledger.replaces = account;
			return;
		}
		throw refusal(
			ctx,
			`This workflow keeps ${others.length === 1 ? 'an unreadable ledger' : `${others.length} ledgers`} for other keys or base URLs, so it cannot tell which to take over, and ${NOTHING_SENT}`,
			`Take Over works when exactly one readable ledger of another key or base URL is kept. ${RECOVER}`,
		);
	}
	throw refusal(
		ctx,
		sameBaseUrl
			? `${refusedBecause('This workflow keeps a ledger for another API key at this base URL and none for this key')}: was the key rotated?`
			: `${refusedBecause('This workflow keeps a ledger for another base URL and none for this one')}: did the base URL change (a gateway, a new regional URL)?`,
		"Uploading as if for the first time would turn off the limits that compare with the last upload. If it is the same ActivTrak account under a new key or base URL, turn on 'Take Over Baseline' for one run: the run is held to the old ledger, which becomes this one's. If it is another ActivTrak account, run Set Baseline From Previous Upload for it, or turn on 'First Upload' for its first run.",
	);
}

/** Marks that n8n keeps this workflow's static data from run to run (see requireLedger). */
function markKept(ctx: IExecuteFunctions, store: StoreName): boolean {
	if (store !== 'n8n static data') return true;
	const global = globalStaticData(ctx);
	const kept = typeof global[KEPT_MARK_KEY] === 'string';
	if (!kept && ctx.getMode() !== 'manual') global[KEPT_MARK_KEY] = new Date().toISOString();
	return kept;
}

/** The ledger of the credential's account as this run must see it. */
export async function openLedger(
	ctx: IExecuteFunctions,
	{ forSetBaseline = false }: { forSetBaseline?: boolean } = {},
): Promise<Ledger & { keptBefore: boolean }> {
	const store = storeOf(ctx);
	const { account, secret } = await accountNames(ctx);
	const [endpoint, legacyNames] = [await activTrakEndpoint(ctx), await legacyCredentialNames(ctx)];
	const workflowId = String(ctx.getWorkflow().id ?? '');
	const ledger: Ledger = {
		account,
		endpoint,
		workflowId,
		store,
		entry: emptyEntry(endpoint),
		foundIn: 'none',
		notes: [],
	};
	const keptBefore = markKept(ctx, store);
	const found: Found =
		store === 'n8n static data'
			? readStatic(ctx, secret, account, endpoint, legacyNames)
			: readHandedIn(ctx, secret, account, endpoint, legacyNames);
	const known = newestKnown(slotKey(workflowId, account));
	if (found.kind === 'unreadable' && !known) {
		// Set Baseline with Replace is the way out of an unreadable ledger (RECOVER).
		if (!forSetBaseline || ctx.getNodeParameter('replaceBaseline', 0, false) !== true)
			throw unreadable(ctx, store, found.why);
		ledger.notes.push(`The ledger kept before ${UNREADABLE[found.why]}: it was replaced.`);
	}
	if (found.kind === 'entry' && (!known || found.entry.revision > known.revision)) {
		ledger.entry = found.entry;
		ledger.foundIn = found.migrated ? 'earlier version' : 'ledger';
		if (found.replaces) ledger.replaces = found.replaces;
	} else if (known) {
		ledger.entry = known;
		ledger.foundIn = found.kind === 'entry' ? 'ledger' : 'this n8n process';
		if (
			store === 'workflow data' &&
			(found.kind !== 'entry' || found.entry.revision < known.revision)
		) {
			ledger.notes.push(
				`'Previous Baseline' handed in ${found.kind === 'entry' ? `an older ledger (generation ${found.entry.generation})` : 'no ledger'} than this n8n process recorded (generation ${known.generation}): the newer was used. Check that the step keeping 'newBaseline' writes every time.`,
			);
		}
	}
	if (isBlank(ledger.entry) && !forSetBaseline)
		takeOverOrStop(ctx, ledger, store, legacyNames.account);
	return { ...ledger, keptBefore };
}

/**
 * A send needs a ledger. Without one, First Upload sends once; with Static Data only where the
 * static data shows n8n kept it from an earlier run (queue mode on n8n 2.x never does, so a
 * switch left on there stops instead of sending every run as a first upload).
 */
export function requireLedger(ctx: IExecuteFunctions, ledger: Ledger & { keptBefore: boolean }) {
	const firstUpload = switchOn(ctx, 'firstUpload');
	if (!isBlank(ledger.entry)) {
		if (firstUpload) {
			ledger.notes.push(
				"'First Upload' is on, but this ActivTrak account has a ledger in this workflow: it was used, and the switch did nothing. Turn 'First Upload' off.",
			);
		}
		return;
	}
	if (!firstUpload) {
		throw refusal(
			ctx,
			NO_EARLIER_UPLOAD,
			"Without one, the safety limits that compare with the last upload cannot be checked, and a lost ledger must never look like a first upload. If this is the first upload from this workflow to this account, turn on 'Baseline (Advanced)' > 'First Upload' for one run (at the top level in nodes saved before version 2). If you uploaded CSVs by hand before, run Set Baseline From Previous Upload with the CSV last uploaded instead: every limit then applies from the first run.",
		);
	}
	if (!ledger.keptBefore) {
		throw refusal(
			ctx,
			FIRST_UPLOAD_NEEDS_KEPT_RUN,
			"This run recorded that it ran; run the workflow again and the first upload goes out. If this message comes again on the next run, n8n does not keep this workflow's static data between executions (queue mode on n8n 2.x starts every execution without it): set 'Baseline Store' to Workflow Data.",
		);
	}
}
