/**
 * Google Workspace Admin: items of n8n's node `n8n-nodes-base.gSuiteAdmin` (version 1), User >
 * Get Many with Output: Raw. Read from n8n 2.41.1's nodes/Google/GSuiteAdmin/GSuiteAdmin.node.js
 * (user getAll): 'Simplified' maps each user to kind, id, primaryEmail, name, isAdmin,
 * lastLoginTime, creationTime and suspended; 'Raw' is the Directory API's user, with
 * orgUnitPath (every user has one), organizations[], externalIds[] and archived.
 */
import { addGroup, at, firstText, hasOwn, text } from './fields';
import type { Preset } from './types';

/** The entry of a list (organizations, externalIds) that matches, as an object. */
function entry(list: unknown, matches: (item: unknown) => boolean): unknown {
	return Array.isArray(list) ? list.find(matches) : undefined;
}

export const googleWorkspace: Preset = {
	value: 'googleWorkspace',
	name: 'Google Workspace Admin (User > Get Many)',
	sourceNode: 'Google Workspace Admin',
	sourceSettings: 'User > Get Many, Return All on, Output: Raw',
	readme: {
		reads: 'User > Get Many, Output: Raw',
		leavers: 'suspended or archived',
	},
	groupChoices: [
		{ value: 'department', name: 'Department (Primary Organization)' },
		{ value: 'orgUnitPath', name: 'Organizational Unit Path' },
	],
	knowsLeavers: () => true,
	checkShape: (json) =>
		hasOwn(json, 'orgUnitPath')
			? null
			: {
					wrongShape:
						'The Google Workspace items are simplified (no orgUnitPath, organizations or external ids): the Google Workspace Admin node is on Output > Simplified',
					fix: "In the Google Workspace Admin node set Output to 'Raw'.",
				},
	read: (json, { groupFrom }, person) => {
		const organizations = json.organizations;
		const organization =
			entry(organizations, (o) => at(o, 'primary') === true) ??
			(Array.isArray(organizations) ? organizations[0] : undefined);
		const employeeId = entry(json.externalIds, (e) => at(e, 'type') === 'organization');
		const group =
			groupFrom === 'orgUnitPath'
				? text(json.orgUnitPath)
				: groupFrom === 'none'
					? ''
					: text(at(organization, 'department'));
		person.cells.user_lookup_id = text(json.primaryEmail);
		person.cells.employee_id = text(at(employeeId, 'value'));
		person.cells.email_address = person.cells.user_lookup_id;
		person.cells.display_name = firstText(at(json, 'name', 'fullName'));
		addGroup(person, group);
		person.leaver = json.suspended === true || json.archived === true;
	},
};
