/**
 * Personio: items of n8n's HTTP Request node calling `GET https://api.personio.de/v1/company/employees`
 * with `limit` (at most 100) and `offset` (github.com/personio/api-docs,
 * personio-personnel-data-api-oa3.yaml). The answer is `{success, metadata, data: [...]}`: one
 * item per page (unwrapped here), or one per person after Split Out on `data`. Each person is
 * `{type: "Employee", attributes: {...}}`, each attribute `{label, value, type}`; a department is
 * `{type: "Department", attributes: {name}}`. Only the attributes the API credential is allowed
 * to read are in the answer.
 */
import { addGroup, fieldsOf, fullName, isPast, isWord, dayNumber, text } from './fields';
import type { Preset } from './types';

/** An attribute's value (written here: see fieldsOf). */
const emailOf = (json: Record<string, unknown>) => fieldsOf(fieldsOf(json.attributes).email).value;

/** Where each Group From choice is: its attribute, read by name (see fieldsOf). */
const GROUP_ATTRIBUTES = new Map<
	string,
	(attributes: Readonly<Record<string, unknown>>) => unknown
>([
	['department', (attributes) => attributes.department],
	['office', (attributes) => attributes.office],
]);

/** A department's (or office's) name: its value's attributes.name. */
const nameOf = (attribute: unknown) =>
	text(fieldsOf(fieldsOf(fieldsOf(attribute).value).attributes).name);

export const personio: Preset = {
	value: 'personio',
	name: 'Personio (HTTP Request: Company Employees)',
	sourceNode: 'HTTP Request',
	system: 'Personio',
	sourceSettings:
		'GET https://api.personio.de/v1/company/employees, paged by offset (limit 100), Bearer token from POST /v1/auth',
	readme: {
		reads: 'HTTP Request: GET /v1/company/employees',
		leavers: 'status inactive, or a termination_date past',
	},
	startField: 'hire_date',
	groupChoices: [
		{ value: 'department', name: 'Department' },
		{ value: 'office', name: 'Office' },
	],
	knowsLeavers: (json) => fieldsOf(fieldsOf(json.attributes).status).value !== undefined,
	unwrap: (json) => {
		const data = json.data;
		return Array.isArray(data) && json.attributes === undefined ? data : null;
	},
	checkShape: (json) =>
		emailOf(json) !== undefined
			? null
			: {
					wrongShape: "Personio's employees have no email attribute",
					fix: 'In Personio, let the API credential read the attributes email, first_name, last_name, preferred_name, status, department, hire_date and termination_date (Settings > Integrations > API credentials > Readable employee attributes).',
				},
	read: (json, { groupFrom, today }, person) => {
		// Each attribute once, by its name as written here (see fieldsOf): this runs for 100,000s.
		const attributes = fieldsOf(json.attributes);
		const email = text(fieldsOf(attributes.email).value);
		person.cells.user_lookup_id = email;
		person.cells.employee_id = text(fieldsOf(attributes.id).value);
		person.cells.email_address = email;
		person.cells.display_name =
			text(fieldsOf(attributes.preferred_name).value) ||
			fullName('', fieldsOf(attributes.first_name).value, fieldsOf(attributes.last_name).value);
		const groupAttribute = GROUP_ATTRIBUTES.get(groupFrom);
		if (groupAttribute) addGroup(person, nameOf(groupAttribute(attributes)));
		const status = text(fieldsOf(attributes.status).value);
		person.leaver =
			isWord(status, 'inactive') ||
			isPast(dayNumber(fieldsOf(attributes.termination_date).value), today);
		person.notStarted = isWord(status, 'onboarding');
		person.startsOn = dayNumber(fieldsOf(attributes.hire_date).value);
	},
};
