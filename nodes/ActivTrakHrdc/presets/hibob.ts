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
import { addGroup, at, firstText, isPast, isoDate, text } from './fields';
import type { Preset } from './types';

/** A HiBob field (`work.department`), nested or in slash form; names from humanReadable first. */
function bob(json: Record<string, unknown>, path: string): unknown {
	const [category, name] = path.split('.');
	const nested = name === undefined ? at(json, category) : at(json, category, name);
	if (nested !== undefined) return nested;
	return at(json, `/${name === undefined ? `root/${category}` : `${category}/${name}`}`, 'value');
}

/** A list field's name: from humanReadable (nested, or beside the slash form's value), else as is. */
const readable = (json: Record<string, unknown>, path: string) => {
	const [category, name] = path.split('.');
	return firstText(
		at(at(json, 'humanReadable'), category, name),
		at(json, `/${category}/${name}`, 'humanReadable'),
		bob(json, path),
	);
};

const hasField = (json: Record<string, unknown>, path: string) => bob(json, path) !== undefined;

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
	knowsLeavers: (json) => hasField(json, 'internal.status'),
	unwrap: (json) => {
		const employees = json.employees;
		return Array.isArray(employees) ? employees : null;
	},
	checkShape: (json) => {
		if (!hasField(json, 'email'))
			return {
				wrongShape: "HiBob's people have no email",
				fix: 'Grant the service user the Root category (email, displayName) in HiBob (Settings > Integrations > Service users > Permissions), and ask for root.email in the search body.',
			};
		if (!hasField(json, 'internal.status'))
			return {
				wrongShape: "HiBob's people have no internal.status, so leavers cannot be told",
				fix: 'Grant the service user the Lifecycle / internal fields, ask for internal.status and internal.terminationDate, and send showInactive: true in the search body (HiBob leaves inactive people out without it).',
			};
		return null;
	},
	read: (json, { groupFrom, today }, person) => {
		person.cells.user_lookup_id = text(bob(json, 'email'));
		person.cells.employee_id = text(bob(json, 'work.employeeIdInCompany'));
		person.cells.email_address = person.cells.user_lookup_id;
		person.cells.display_name = firstText(
			bob(json, 'displayName'),
			[text(bob(json, 'firstName')), text(bob(json, 'surname'))].filter(Boolean).join(' '),
		);
		if (groupFrom !== 'none') addGroup(person, readable(json, groupFrom));
		person.leaver =
			text(bob(json, 'internal.status')).toLowerCase() === 'inactive' ||
			isPast(isoDate(bob(json, 'internal.terminationDate')), today);
		person.startsOn = isoDate(bob(json, 'work.startDate'));
	},
};
