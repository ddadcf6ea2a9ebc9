/**
 * Where the sealed ledger record is kept ('Baseline Store'), read and written only through
 * index.ts:
 *
 * - Static Data: in the workflow's static data, one record per account under LEDGER_KEY. n8n
 *   saves it when an execution that is not a manual run ends, failed or not.
 * - Workflow Data: handed in through 'Previous Baseline' and given out as `newBaseline`, for the
 *   workflow to keep (an n8n Data table), for queue mode on n8n 2.x.
 *
 * Records of earlier versions are read and moved: 0.2's per-account baselines and open holds,
 * 0.1's per-node fingerprint, and 0.2's signed `newBaseline`.
 */
import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';

import { ownValue } from '../ownKeys';
import { readFingerprint } from '../snapshot';
import { verify } from '../signing';
import { baselineSetting } from './description';
import { emptyEntry, readEntry, withAccepted, type LedgerEntry, type OpenHold } from './entry';
import { unseal, type Opened, type SealedRecord } from './record';

/** Where the records are, in the workflow's static data: account -> sealed record. */
export const LEDGER_KEY = 'activTrakHrdcLedger';
/** Written by the first production run of this node in a workflow (see index.ts, First Upload). */
export const KEPT_MARK_KEY = 'activTrakHrdcKeptSince';
/** 0.2: account -> fingerprint and endpoint; and account -> CSV SHA-256 -> hold expiry. */
export const LEGACY_BASELINES_KEY = 'activTrakHrdcBaselines';
const LEGACY_HOLDS_KEY = 'activTrakHrdcHolds';
/** 0.1: the fingerprint in the node's own static data. */
export const LEGACY_FINGERPRINT_KEY = 'lastAcceptedSnapshot';

/** The account's name and signing secret before the slow derivation (transport's legacy names). */
interface LegacyNames {
	account: string;
	secret: string;
}

export type Found =
	| { kind: 'none' }
	/** `replaces`: the record was kept under the account's legacy name, to be taken out. */
	| { kind: 'entry'; entry: LedgerEntry; migrated: boolean; replaces?: string }
	| { kind: 'unreadable'; why: Exclude<Opened, { ok: true }>['why'] };

export const globalStaticData = (ctx: IExecuteFunctions): IDataObject =>
	ctx.getWorkflowStaticData('global');

/** An entry of 0.2 (or 0.1) as this version's: the fingerprint is generation 1. */
function migrated(fingerprintValue: unknown, endpoint: string, holds: unknown): LedgerEntry | null {
	const fingerprint = readFingerprint(fingerprintValue);
	if (!fingerprint) return null;
	const open: OpenHold[] = [];
	if (typeof holds === 'object' && holds !== null) {
		for (const [csvSha256, until] of Object.entries(holds)) {
			if (typeof until === 'number' && Number.isFinite(until)) open.push({ csvSha256, until });
		}
	}
	return { ...withAccepted(emptyEntry(endpoint), fingerprint), holds: open };
}

/** The record this workflow's static data keeps for `account`. */
export function readStatic(
	ctx: IExecuteFunctions,
	secret: string,
	account: string,
	endpoint: string,
	legacyNames: LegacyNames,
): Found {
	const global = globalStaticData(ctx);
	const table = ownValue(global, LEDGER_KEY);
	const record = ownValue(table, account);
	if (record !== undefined) {
		const opened = unseal(secret, account, record);
		return opened.ok
			? { kind: 'entry', entry: opened.entry, migrated: false }
			: { kind: 'unreadable', why: opened.why };
	}
	// Kept under the account's name before the slow derivation: read with the old secret, moved.
	const replaces = legacyNames.account;
	const older = ownValue(table, replaces);
	if (older !== undefined) {
		const opened = unseal(legacyNames.secret, replaces, older);
		return opened.ok
			? { kind: 'entry', entry: opened.entry, migrated: true, replaces }
			: { kind: 'unreadable', why: opened.why };
	}
	const legacy = ownValue(ownValue(global, LEGACY_BASELINES_KEY), replaces);
	if (legacy !== undefined) {
		const holds = ownValue(ownValue(global, LEGACY_HOLDS_KEY), replaces);
		const stored = ownValue(legacy, 'endpoint');
		const entry = migrated(legacy, typeof stored === 'string' ? stored : endpoint, holds);
		return entry
			? { kind: 'entry', entry, migrated: true, replaces }
			: { kind: 'unreadable', why: 'not a ledger' };
	}
	const nodeLegacy = migrated(
		ownValue(ctx.getWorkflowStaticData('node'), LEGACY_FINGERPRINT_KEY),
		endpoint,
		null,
	);
	return nodeLegacy ? { kind: 'entry', entry: nodeLegacy, migrated: true } : { kind: 'none' };
}

/** The accounts whose records this workflow's static data keeps, with their endpoints. */
export function staticAccounts(
	ctx: IExecuteFunctions,
): Array<{ account: string; record: unknown }> {
	const global = globalStaticData(ctx);
	const found: Array<{ account: string; record: unknown }> = [];
	for (const key of [LEDGER_KEY, LEGACY_BASELINES_KEY]) {
		const table = ownValue(global, key);
		if (typeof table !== 'object' || table === null) continue;
		for (const [account, record] of Object.entries(table)) found.push({ account, record });
	}
	return found;
}

/**
 * Writes the record into one copy of the static data, and takes out what it replaces: 0.2's
 * tables, and a record of the account it took over. Whole tables are assigned, through the copy's
 * own object, so n8n sees the change and saves it.
 */
export function writeStatic(
	global: IDataObject,
	account: string,
	record: SealedRecord,
	replaces?: string,
): void {
	const table = { ...((ownValue(global, LEDGER_KEY) as IDataObject | undefined) ?? {}) };
	table[account] = record as unknown as IDataObject;
	if (replaces && replaces !== account) delete table[replaces];
	global[LEDGER_KEY] = table;
	for (const legacyKey of [LEGACY_BASELINES_KEY, LEGACY_HOLDS_KEY]) {
		const legacy = ownValue(global, legacyKey) as IDataObject | undefined;
		if (!legacy) continue;
		const rest = { ...legacy };
		delete rest[account];
		if (replaces) delete rest[replaces];
		if (Object.keys(rest).length === 0) delete global[legacyKey];
		else global[legacyKey] = rest;
	}
}

export function dropNodeLegacy(ctx: IExecuteFunctions): void {
	const node = ctx.getWorkflowStaticData('node');
	if (ownValue(node, LEGACY_FINGERPRINT_KEY) !== undefined) delete node[LEGACY_FINGERPRINT_KEY];
}

/** 0.2's `newBaseline`: a fingerprint signed with the credential. */
const LEGACY_FORMAT = 'activtrak-hrdc-baseline';

/** A record as a store gives it: an object, or its JSON text (undefined when it is not JSON). */
export function parsedRecord(value: unknown): unknown {
	if (typeof value !== 'string') return value;
	try {
		return JSON.parse(value) as unknown;
	} catch {
		return undefined;
	}
}

/** 'Previous Baseline' as the workflow handed it in: a record, 0.2's baseline, or empty. */
export function readHandedIn(
	ctx: IExecuteFunctions,
	secret: string,
	account: string,
	endpoint: string,
	legacyNames: LegacyNames,
): Found & { given?: true } {
	const given = baselineSetting(ctx, 'previousBaseline');
	const text = typeof given === 'string' ? given.trim() : given;
	if (text === '' || text === undefined || text === null) return { kind: 'none' };
	const value = parsedRecord(text);
	if (value === undefined) return { kind: 'unreadable', why: 'not a ledger' };
	if (ownValue(value, 'format') === LEGACY_FORMAT) {
		const signed = verify(
			'activtrak-hrdc-baseline',
			legacyNames.secret,
			JSON.stringify([ownValue(value, 'account'), ownValue(value, 'fingerprint')]),
			ownValue(value, 'signature'),
		);
		if (ownValue(value, 'account') !== legacyNames.account)
			return { kind: 'unreadable', why: 'another account' };
		const entry = signed ? migrated(ownValue(value, 'fingerprint'), endpoint, null) : null;
		return entry
			? { kind: 'entry', entry, migrated: true }
			: { kind: 'unreadable', why: 'not signed' };
	}
	if (ownValue(value, 'account') === legacyNames.account) {
		const older = unseal(legacyNames.secret, legacyNames.account, value);
		return older.ok
			? { kind: 'entry', entry: older.entry, migrated: true }
			: { kind: 'unreadable', why: older.why };
	}
	const opened = unseal(secret, account, value);
	return opened.ok
		? { kind: 'entry', entry: opened.entry, migrated: false }
		: { kind: 'unreadable', why: opened.why };
}

/** A record handed in for another account, read without its signature (Take Over only). */
export function readForeign(value: unknown): LedgerEntry | null {
	const parsed = parsedRecord(value);
	const entry = readEntry(ownValue(parsed, 'entry'));
	if (entry) return entry;
	// 0.2's static entry: a fingerprint with its endpoint.
	const endpoint = ownValue(parsed, 'endpoint');
	return migrated(parsed, typeof endpoint === 'string' ? endpoint : '', null);
}
