/**
 * LDAP and Active Directory: items of n8n's node `n8n-nodes-base.ldap` (version 1), Search.
 * Read from n8n 2.41.1's nodes/Ldap/Ldap.node.js (search, through ldapts): one item per entry,
 * {dn, <attribute>: value}, where a value is a string when the attribute has one value and a
 * list when it has several (a requested attribute that is absent is []). Names keep the
 * server's case. Active Directory: userPrincipalName, sAMAccountName, employeeID, memberOf,
 * userAccountControl (text; bit 2 is "account disabled"). OpenLDAP: uid, cn, employeeNumber.
 */
import { addGroup, commonName, firstText, hasOwn, texts } from './fields';
import type { Preset } from './types';

/** An attribute's values whatever case the server spells its name in. */
function attribute(json: Record<string, unknown>, name: string): unknown {
	if (hasOwn(json, name)) return json[name];
	const lower = name.toLowerCase();
	const key = Object.keys(json).find((k) => k.toLowerCase() === lower);
	return key === undefined ? undefined : json[key];
}

const ACCOUNT_DISABLED = 2;

export const ldap: Preset = {
	value: 'ldap',
	name: 'LDAP / Active Directory (Search)',
	sourceNode: 'LDAP',
	sourceSettings:
		'Search, Return All on, a filter for people (Active Directory: (&(objectCategory=person)(objectClass=user)))',
	readme: {
		reads: 'Search',
		leavers: '`userAccountControl` "disabled" bit',
	},
	groupChoices: [
		{ value: 'department', name: 'Department' },
		{ value: 'memberOf', name: 'Member Of (Each Group DN Common Name)' },
	],
	knowsLeavers: (json) => attribute(json, 'userAccountControl') !== undefined,
	checkShape: (json) =>
		hasOwn(json, 'dn')
			? null
			: {
					wrongShape: 'The items have no dn: they are not entries of the LDAP node',
					fix: "Use the LDAP node's Search operation.",
				},
	read: (json, { groupFrom }, person) => {
		const get = (name: string) => attribute(json, name);
		const control = Number(firstText(get('userAccountControl')));
		const group =
			groupFrom === 'memberOf'
				? texts(get('memberOf')).map(commonName).filter(Boolean)
				: groupFrom === 'none'
					? []
					: texts(get(groupFrom)).slice(0, 1);
		person.cells.user_lookup_id = firstText(
			get('userPrincipalName'),
			get('mail'),
			get('sAMAccountName'),
			get('uid'),
		);
		person.cells.employee_id = firstText(get('employeeID'), get('employeeNumber'));
		person.cells.email_address = firstText(get('mail'));
		person.cells.display_name = firstText(get('displayName'), get('cn'));
		for (const name of group) addGroup(person, name);
		person.leaver = Number.isInteger(control) && (control & ACCOUNT_DISABLED) !== 0;
	},
};
