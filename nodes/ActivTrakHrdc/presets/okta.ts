/**
 * Okta: items of n8n's node `n8n-nodes-base.okta` (version 1), User > Get Many with Simplify
 * off. Read from n8n 2.41.1's nodes/Okta/UserFunctions.js: simplifyOktaUser() keeps id, status,
 * created, activated, lastLogin, lastUpdated, passwordChanged and profile.{firstName, lastName,
 * login, email}; with Simplify off the item is Okta's user object as the API gives it (type,
 * statusChanged, _links, profile with displayName, department, employeeNumber...).
 */
import { addGroup, at, fullName, hasOwn, text } from './fields';
import type { Preset } from './types';

export const okta: Preset = {
	value: 'okta',
	name: 'Okta (User > Get Many)',
	sourceNode: 'Okta',
	sourceSettings: 'User > Get Many, Return All on, Simplify off',
	readme: {
		reads: "the Okta node's User > Get Many, Simplify off",
		leavers: 'status DEPROVISIONED (SUSPENDED by choice)',
	},
	groupChoices: [
		{ value: 'department', name: 'Department' },
		{ value: 'division', name: 'Division' },
		{ value: 'organization', name: 'Organization' },
	],
	knowsLeavers: () => true,
	// The simplified item has none of the keys only Okta's own user object has.
	checkShape: (json) =>
		hasOwn(json, '_links') || hasOwn(json, 'type') || hasOwn(json, 'statusChanged')
			? null
			: {
					wrongShape:
						'The Okta items are simplified (no department, employee number or display name): the Okta node has Simplify on',
					fix: "In the Okta node turn 'Simplify' off.",
				},
	read: (json, { groupFrom, suspendedAreLeavers }, person) => {
		const profile = json.profile;
		const status = text(json.status).toUpperCase();
		person.cells.user_lookup_id = text(at(profile, 'login'));
		person.cells.employee_id = text(at(profile, 'employeeNumber'));
		person.cells.email_address = text(at(profile, 'email'));
		person.cells.display_name = fullName(
			at(profile, 'displayName'),
			at(profile, 'firstName'),
			at(profile, 'lastName'),
		);
		addGroup(person, groupFrom === 'none' ? '' : text(at(profile, groupFrom)));
		// DEPROVISIONED has left; SUSPENDED comes back, unless the option says otherwise.
		person.leaver = status === 'DEPROVISIONED' || (suspendedAreLeavers && status === 'SUSPENDED');
	},
};
