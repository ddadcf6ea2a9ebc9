/**
 * Microsoft Entra ID: items of n8n's node `n8n-nodes-base.microsoftEntra` (version 1), User >
 * Get Many. Read from n8n 2.41.1's nodes/Microsoft/Entra/descriptions/UserDescription.js: one
 * item per Graph user (rootProperty 'value'), with the properties its Output asks Graph for
 * ($select). 'Simplified' (the default) selects id, createdDateTime, displayName,
 * userPrincipalName, mail, mailNickname and securityIdentifier: no accountEnabled, department
 * or employeeId. 'Raw' and 'Selected Fields' with those give them (null when unset).
 */
import { addGroup, at, hasOwn, text } from './fields';
import type { Preset } from './types';

export const entraId: Preset = {
	value: 'entraId',
	name: 'Microsoft Entra ID (User > Get Many)',
	sourceNode: 'Microsoft Entra ID',
	sourceSettings:
		'User > Get Many, Return All on, Output: Raw (or Selected Fields: accountEnabled, department, displayName, employeeId, mail, userPrincipalName)',
	readme: {
		reads: "the Entra node's User > Get Many, Output: Raw",
		leavers: '`accountEnabled` false',
	},
	groupChoices: [
		{ value: 'department', name: 'Department' },
		{ value: 'companyName', name: 'Company Name' },
	],
	knowsLeavers: () => true,
	checkShape: (json) =>
		hasOwn(json, 'accountEnabled') && hasOwn(json, 'department')
			? null
			: {
					wrongShape:
						'The Microsoft Entra ID items have no accountEnabled or department: the Entra node is on Output > Simplified',
					fix: "In the Microsoft Entra ID node set Output to 'Raw', or to 'Selected Fields' with accountEnabled, department, displayName, employeeId, mail and userPrincipalName.",
				},
	read: (json, { groupFrom }, person) => {
		person.cells.user_lookup_id = text(json.userPrincipalName);
		person.cells.employee_id = text(json.employeeId);
		person.cells.email_address = text(json.mail);
		person.cells.display_name = text(json.displayName);
		addGroup(person, groupFrom === 'none' ? '' : text(at(json, groupFrom)));
		person.leaver = json.accountEnabled === false;
	},
};
