/**
 * HiBob: items of n8n's HTTP Request node calling `POST https://api.hibob.com/v1/people/search`
 * (apidocs.hibob.com/reference/post_people-search; the read contract at
 * apidocs.hibob.com/docs/people-read-api-contract). The answer is `{"employees": [...]}`: one
 * item (unwrapped here), or one per person after Split Out. Each field comes nested
 * (`work.department`) or in HiBob's slash form (`"/work/department": {"value": ...}`); with
 * `humanReadable: "APPEND"` list fields are ids and their names are in `humanReadable`
 * (apidocs.hibob.com/docs/how-to-work-with-lists-public-api). Leavers need `showInactive: true`;
 * fields the service user may not read are left out of the answer without an error.
 */
import { addGroup, at, fullName, isPast, isoDate, text } from './fields';
import type { Preset } from './types';

/**
 * A HiBob field, nested (`work.department`; a root field such as `email` at the top) or in slash
 * form (`"/work/department": {"value": ...}`). Category and name apart: no text split per person.
 */
function bob(json: Record<string, unknown>, category: string, name?: string): unknown {
	const nested = name === undefined ? at(json, category) : at(json, category, name);
	if (nested !== undefined) return nested;
	return at(json, name === undefined ? `/root/${category}` : `/${category}/${name}`, 'value');
}

/** A list field's name: from humanReadable (nested, or beside the slash form's value), else as is. */
const readable = (json: Record<string, unknown>, name: string) =>
	text(at(at(json, 'humanReadable'), 'work', name)) ||
	text(at(json, `/work/${name}`, 'humanReadable')) ||
	text(bob(json, 'work', name));

/** The work field each Group From choice reads. */
const GROUP_FIELDS = new Map([
	['work.department', 'department'],
	['work.site', 'site'],
]);

export const hibob: Preset = {
	value: 'hibob',
	name: 'HiBob (HTTP Request: People Search)',
	sourceNode: 'HTTP Request',
	system: 'HiBob',
	sourceSettings:
		'POST https://api.hibob.com/v1/people/search with showInactive: true and humanReadable: "APPEND", Basic auth with a service user',
	readme: {
		reads: 'HTTP Request: POST /v1/people/search (showInactive: true)',
		leavers: 'internal.status Inactive, or a termination date past',
	},
	startField: 'work.startDate',
	groupChoices: [
		{ value: 'work.department', name: 'Department' },
		{ value: 'work.site', name: 'Site' },
	],
	knowsLeavers: (json) => bob(json, 'internal', 'status') !== undefined,
	unwrap: (json) => {
		const employees = json.employees;
		return Array.isArray(employees) ? employees : null;
	},
	checkShape: (json) => {
		if (bob(json, 'email') === undefined)
			return {
				wrongShape: "HiBob's people have no email",
				fix: 'Grant the service user the Root category (email, displayName) in HiBob (Settings > Integrations > Service users > Permissions), and ask for root.email in the search body.',
			};
		if (bob(json, 'internal', 'status') === undefined)
			return {
				wrongShape: "HiBob's people have no internal.status, so leavers cannot be told",
				fix: 'Grant the service user the Lifecycle / internal fields, ask for internal.status and internal.terminationDate, and send showInactive: true in the search body (HiBob leaves inactive people out without it).',
			};
		return null;
	},
	read: (json, { groupFrom, today }, person) => {
		person.cells.user_lookup_id = text(bob(json, 'email'));
		person.cells.employee_id = text(bob(json, 'work', 'employeeIdInCompany'));
		person.cells.email_address = person.cells.user_lookup_id;
		const displayName = bob(json, 'displayName');
		person.cells.display_name = fullName(
			displayName,
			displayName === undefined ? bob(json, 'firstName') : '',
			displayName === undefined ? bob(json, 'surname') : '',
		);
		const groupField = GROUP_FIELDS.get(groupFrom);
		if (groupField) addGroup(person, readable(json, groupField));
		person.leaver =
			text(bob(json, 'internal', 'status')).toLowerCase() === 'inactive' ||
			isPast(isoDate(bob(json, 'internal', 'terminationDate')), today);
		person.startsOn = isoDate(bob(json, 'work', 'startDate'));
	},
};
