/**
 * Personio: items of n8n's HTTP Request node calling `GET https://api.personio.de/v1/company/employees`
 * with `limit` (at most 100) and `offset` (github.com/personio/api-docs,
 * personio-personnel-data-api-oa3.yaml). The answer is `{success, metadata, data: [...]}`: one
 * item per page (unwrapped here), or one per person after Split Out on `data`. Each person is
 * `{type: "Employee", attributes: {...}}`, each attribute `{label, value, type}`; a department is
 * `{type: "Department", attributes: {name}}`. Only the attributes the API credential is allowed
 * to read are in the answer.
 */
import { addGroup, at, fullName, isPast, isoDate, text } from './fields';
import type { Preset } from './types';

/** An attribute's value, of the person or of their `attributes` (read once per person). */
const value = (json: Record<string, unknown>, name: string) =>
	at(at(json, 'attributes'), name, 'value');
const valueIn = (attributes: unknown, name: string) => at(attributes, name, 'value');

/** A department's (or office's) name: its value's attributes.name. */
const nameOf = (attributes: unknown, name: string) =>
	text(at(at(valueIn(attributes, name), 'attributes'), 'name'));

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
	knowsLeavers: (json) => value(json, 'status') !== undefined,
	unwrap: (json) => {
		const data = json.data;
		return Array.isArray(data) && at(json, 'attributes') === undefined ? data : null;
	},
	checkShape: (json) =>
		value(json, 'email') !== undefined
			? null
			: {
					wrongShape: "Personio's employees have no email attribute",
					fix: 'In Personio, let the API credential read the attributes email, first_name, last_name, preferred_name, status, department, hire_date and termination_date (Settings > Integrations > API credentials > Readable employee attributes).',
				},
	read: (json, { groupFrom, today }, person) => {
		const attributes = at(json, 'attributes');
		person.cells.user_lookup_id = text(valueIn(attributes, 'email'));
		person.cells.employee_id = text(valueIn(attributes, 'id'));
		person.cells.email_address = person.cells.user_lookup_id;
		person.cells.display_name =
			text(valueIn(attributes, 'preferred_name')) ||
			fullName('', valueIn(attributes, 'first_name'), valueIn(attributes, 'last_name'));
		if (groupFrom !== 'none') addGroup(person, nameOf(attributes, groupFrom));
		const status = text(valueIn(attributes, 'status')).toLowerCase();
		person.leaver =
			status === 'inactive' || isPast(isoDate(valueIn(attributes, 'termination_date')), today);
		person.notStarted = status === 'onboarding';
		person.startsOn = isoDate(valueIn(attributes, 'hire_date'));
	},
};
