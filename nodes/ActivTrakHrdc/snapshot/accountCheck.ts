/**
 * The snapshot against what ActivTrak itself holds (its SCIM users, read by transport/scim.ts):
 * which lookup ids match no ActivTrak user. HRDC changes nothing for such a row and says only
 * how many lines it read, so a sync keyed on the wrong identifier "succeeds" and updates no one.
 * Pure: no n8n imports, no I/O; the SCIM records are untrusted JSON, read by own keys only.
 */
import { ownValue } from '../ownKeys';
import { USER_CELL, userKey, type Snapshot } from './model';

/** How many lookup ids the output lists. */
export const NOT_FOUND_LISTED = 100;

const ENTERPRISE = 'urn:ietf:params:scim:schemas:extension:enterprise:2.0:User';
const ACTIVTRAK_USER = 'urn:ietf:params:scim:schemas:extension:activtrak:2.0:User';

export interface AccountCheck {
	/** Users ActivTrak listed. */
	accountUsers: number;
	/** Snapshot users whose lookup id matches no ActivTrak user. */
	usersNotFound: number;
	/** Their lookup ids, in snapshot order, the first NOT_FOUND_LISTED. */
	notFound: string[];
}

/** Text of a SCIM value, or '' (a number is text too: an employee number may be one). */
function textOf(value: unknown): string {
	if (typeof value === 'string') return value.trim();
	if (typeof value === 'number' && Number.isFinite(value)) return String(value);
	return '';
}

/**
 * Every identifier HRDC may find a user by, as ActivTrak lists them: the userName (a UPN, or
 * the primary e-mail), every e-mail, every UPN of ActivTrak's extension, and the employee
 * number. Case-blind, as HRDC matches them.
 */
export function accountIdentifiers(scimUsers: readonly unknown[]): Set<string> {
	const known = new Set<string>();
	const add = (value: unknown) => {
		const text = textOf(value);
		if (text) known.add(userKey(text));
	};
	for (const user of scimUsers) {
		add(ownValue(user, 'userName'));
		const emails = ownValue(user, 'emails');
		if (Array.isArray(emails)) for (const email of emails) add(ownValue(email, 'value'));
		add(ownValue(ownValue(user, ENTERPRISE), 'employeeNumber'));
		const upns = ownValue(ownValue(user, ACTIVTRAK_USER), 'userPrincipalNames');
		if (Array.isArray(upns)) for (const upn of upns) add(upn);
	}
	return known;
}

/** The snapshot's users that ActivTrak does not know, by their lookup id. */
export function checkAgainstAccount(
	snapshot: Snapshot,
	scimUsers: readonly unknown[],
): AccountCheck {
	const known = accountIdentifiers(scimUsers);
	const lookupIds = snapshot.users.cells[USER_CELL.user_lookup_id];
	const notFound: string[] = [];
	let usersNotFound = 0;
	for (let user = 0; user < snapshot.users.count; user++) {
		if (known.has(userKey(lookupIds[user]))) continue;
		usersNotFound++;
		if (notFound.length < NOT_FOUND_LISTED) notFound.push(lookupIds[user]);
	}
	return { accountUsers: scimUsers.length, usersNotFound, notFound };
}
