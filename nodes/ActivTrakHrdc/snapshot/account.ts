/**
 * ActivTrak's account as its SCIM API lists it (transport/scim.ts reads the records), read once
 * into plain lists the checks can trust: who is there and by which identifiers, who is on Do Not
 * Track, and which groups hold whom, from which source. The records are untrusted JSON: only own
 * keys are read, and a name is never a key of a plain object. Pure: no n8n imports, no I/O.
 */
import { ownValue } from '../ownKeys';
import { userKey } from './model';

const ENTERPRISE = 'urn:ietf:params:scim:schemas:extension:enterprise:2.0:User';
const ACTIVTRAK_USER = 'urn:ietf:params:scim:schemas:extension:activtrak:2.0:User';
const ACTIVTRAK_GROUP = 'urn:ietf:params:scim:schemas:extension:activtrak:2.0:Group';

export interface AccountUser {
	/** SCIM's id: what a group's members name. */
	id: string;
	/** As ActivTrak lists it (the UPN, or the primary e-mail): how the output names the user. */
	userName: string;
	/** The primary e-mail (else the first), as listed; '' when none. */
	email: string;
	/** The enterprise extension's employeeNumber, as listed; '' when none. */
	employeeNumber: string;
	/**
	 * Every identifier HRDC may find the user by, as userKey() gives them: the userName, each
	 * e-mail, each UPN of ActivTrak's extension, the employee number.
	 */
	keys: string[];
	/** ActivTrak's extension's `tracking`; null when it is not a boolean. */
	tracking: boolean | null;
}

export interface AccountGroup {
	id: string;
	name: string;
	/** ActivTrak's extension's `sourceType`: which integration made it; null when not a number. */
	sourceType: number | null;
	/** Its members' SCIM ids. */
	memberIds: string[];
}

export interface ActivTrakAccount {
	users: AccountUser[];
	groups: AccountGroup[];
}

/** Up to this many identifiers of one user are kept apart by includes(), past it by a Set. */
const SMALL_LIST = 8;

/** Text of a SCIM value, or '' (a number is text too: an employee number may be one). */
function textOf(value: unknown): string {
	if (typeof value === 'string') return value.trim();
	if (typeof value === 'number' && Number.isFinite(value)) return String(value);
	return '';
}

function readUser(record: unknown): AccountUser {
	// A handful of identifiers per user: a list checked with includes() costs less than a Set
	// per user (bench: live-check). A record with many (hostile, or odd) gets a Set past a few,
	// so it is never scanned quadratically.
	const keys: string[] = [];
	let seen: Set<string> | null = null;
	const add = (text: string) => {
		if (text === '') return;
		const key = userKey(text);
		if (seen === null) {
			if (keys.includes(key)) return;
			keys.push(key);
			if (keys.length === SMALL_LIST) seen = new Set(keys);
		} else if (!seen.has(key)) {
			seen.add(key);
			keys.push(key);
		}
	};
	const userName = textOf(ownValue(record, 'userName'));
	add(userName);
	const emails = ownValue(record, 'emails');
	let email = '';
	if (Array.isArray(emails))
		for (const entry of emails) {
			const value = textOf(ownValue(entry, 'value'));
			add(value);
			if (value && (email === '' || ownValue(entry, 'primary') === true)) email = value;
		}
	const employeeNumber = textOf(ownValue(ownValue(record, ENTERPRISE), 'employeeNumber'));
	add(employeeNumber);
	const extension = ownValue(record, ACTIVTRAK_USER);
	const upns = ownValue(extension, 'userPrincipalNames');
	if (Array.isArray(upns)) for (const upn of upns) add(textOf(upn));
	const tracking = ownValue(extension, 'tracking');
	return {
		id: textOf(ownValue(record, 'id')),
		userName,
		email,
		employeeNumber,
		keys,
		tracking: typeof tracking === 'boolean' ? tracking : null,
	};
}

function readGroup(record: unknown): AccountGroup {
	const sourceType = ownValue(ownValue(record, ACTIVTRAK_GROUP), 'sourceType');
	const members = ownValue(record, 'members');
	const memberIds: string[] = [];
	if (Array.isArray(members))
		for (const member of members) {
			const id = textOf(ownValue(member, 'value'));
			if (id) memberIds.push(id);
		}
	return {
		id: textOf(ownValue(record, 'id')),
		name: textOf(ownValue(record, 'displayName')),
		sourceType: typeof sourceType === 'number' && Number.isFinite(sourceType) ? sourceType : null,
		memberIds,
	};
}

/** The SCIM users and groups, as read whole by transport/scim.ts. */
export function readAccount(
	scimUsers: readonly unknown[],
	scimGroups: readonly unknown[],
): ActivTrakAccount {
	return { users: scimUsers.map(readUser), groups: scimGroups.map(readGroup) };
}

/** Each identifier's user (the first one listed, should two share one). */
export function usersByKey(account: ActivTrakAccount): Map<string, AccountUser> {
	const byKey = new Map<string, AccountUser>();
	for (const user of account.users)
		for (const key of user.keys) if (!byKey.has(key)) byKey.set(key, user);
	return byKey;
}

/** Each SCIM id's user. */
export function usersById(account: ActivTrakAccount): Map<string, AccountUser> {
	return new Map(account.users.map((user) => [user.id, user]));
}

/** The groups of each name. */
export function groupsByName(groups: readonly AccountGroup[]): Map<string, AccountGroup[]> {
	const byName = new Map<string, AccountGroup[]>();
	for (const group of groups) {
		const list = byName.get(group.name);
		if (list) list.push(group);
		else byName.set(group.name, [group]);
	}
	return byName;
}
