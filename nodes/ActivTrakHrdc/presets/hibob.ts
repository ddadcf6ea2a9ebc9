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
import { addGroup, at, fieldsOf, fullName, isPast, isWord, dayNumber, text } from './fields';
import type { Preset } from './types';

/**
 * A HiBob field: nested, as the caller read it by name (`fieldsOf(json.work).department`; see
 * fieldsOf), else in slash form (`"/work/department": {"value": ...}`). Both names are written
 * at each call, so no text is joined or split per person.
 */
const either = (nested: unknown, json: Record<string, unknown>, slashName: string): unknown =>
	nested !== undefined ? nested : fieldsOf(json[slashName]).value;

const statusOf = (json: Record<string, unknown>) =>
	either(fieldsOf(json.internal).status, json, '/internal/status');

/** The work field each Group From choice reads, and its slash form's name. */
const GROUP_FIELDS = new Map([
	['work.department', { name: 'department', slashName: '/work/department' }],
	['work.site', { name: 'site', slashName: '/work/site' }],
]);

/** A list field's name: from humanReadable (nested, or beside the slash form's value), else as is. */
function readable(
	json: Record<string, unknown>,
	{ name, slashName }: { name: string; slashName: string },
): string {
	const work = fieldsOf(json.work);
	return (
		text(at(fieldsOf(json.humanReadable).work, name)) ||
		text(fieldsOf(json[slashName]).humanReadable) ||
		text(either(at(work, name), json, slashName))
	);
}

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
	knowsLeavers: (json) => statusOf(json) !== undefined,
	unwrap: (json) => {
		const employees = json.employees;
		return Array.isArray(employees) ? employees : null;
	},
	checkShape: (json) => {
		if (either(json.email, json, '/root/email') === undefined)
			return {
				wrongShape: "HiBob's people have no email",
				fix: 'Grant the service user the Root category (email, displayName) in HiBob (Settings > Integrations > Service users > Permissions), and ask for root.email in the search body.',
			};
		if (statusOf(json) === undefined)
			return {
				wrongShape: "HiBob's people have no internal.status, so leavers cannot be told",
				fix: 'Grant the service user the Lifecycle / internal fields, ask for internal.status and internal.terminationDate, and send showInactive: true in the search body (HiBob leaves inactive people out without it).',
			};
		return null;
	},
	read: (json, { groupFrom, today }, person) => {
		const work = fieldsOf(json.work);
		const internal = fieldsOf(json.internal);
		const email = text(either(json.email, json, '/root/email'));
		person.cells.user_lookup_id = email;
		person.cells.employee_id = text(
			either(work.employeeIdInCompany, json, '/work/employeeIdInCompany'),
		);
		person.cells.email_address = email;
		const displayName = either(json.displayName, json, '/root/displayName');
		person.cells.display_name =
			displayName !== undefined
				? text(displayName)
				: fullName(
						'',
						either(json.firstName, json, '/root/firstName'),
						either(json.surname, json, '/root/surname'),
					);
		const groupField = GROUP_FIELDS.get(groupFrom);
		if (groupField) addGroup(person, readable(json, groupField));
		person.leaver =
			isWord(text(either(internal.status, json, '/internal/status')), 'inactive') ||
			isPast(dayNumber(either(internal.terminationDate, json, '/internal/terminationDate')), today);
		person.startsOn = dayNumber(either(work.startDate, json, '/work/startDate'));
	},
};
