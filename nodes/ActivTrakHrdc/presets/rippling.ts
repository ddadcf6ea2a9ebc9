/**
 * Rippling: items of n8n's HTTP Request node calling
 * `GET https://api.rippling.com/platform/api/employees/include_terminated` with `limit` (at most
 * 100) and `offset` (Rippling's v1 platform API reference, "List employees including terminated
 * ones"). The answer is a bare array, which HTTP Request gives as one item per employee. An
 * employee names its department by id: the template resolves it through
 * `/platform/api/departments` into `department` before this preset reads it.
 */
import { addGroup, fullName, firstText, hasOwn, isPast, isWord, dayNumber, text } from './fields';
import type { Preset } from './types';

export const rippling: Preset = {
	value: 'rippling',
	name: 'Rippling (HTTP Request: Employees Including Terminated)',
	sourceNode: 'HTTP Request',
	system: 'Rippling',
	sourceSettings:
		'GET https://api.rippling.com/platform/api/employees/include_terminated, paged by offset (limit 100), Bearer API token',
	readme: {
		reads: 'HTTP Request: GET /platform/api/employees/include_terminated',
		leavers: 'roleState TERMINATED, or an endDate past',
	},
	startField: 'startDate',
	groupChoices: [
		{ value: 'department', name: 'Department' },
		{ value: 'title', name: 'Title' },
	],
	knowsLeavers: (json) => hasOwn(json, 'roleState'),
	checkShape: (json) =>
		hasOwn(json, 'workEmail')
			? null
			: {
					wrongShape: "Rippling's employees have no workEmail",
					fix: "Call Rippling's /platform/api/employees/include_terminated with a token whose scopes include the employees' work e-mail.",
				},
	read: (json, { groupFrom, today }, person) => {
		person.cells.user_lookup_id = text(json.workEmail);
		person.cells.employee_id = text(json.employeeNumber);
		person.cells.email_address = person.cells.user_lookup_id;
		person.cells.display_name =
			text(json.name) ||
			fullName('', text(json.preferredFirstName) || text(json.firstName), json.lastName);
		// The template puts the department's name in place of its id.
		if (groupFrom !== 'none') addGroup(person, firstText(json[groupFrom]));
		person.leaver =
			isWord(text(json.roleState), 'terminated') || isPast(dayNumber(json.endDate), today);
		person.startsOn = dayNumber(json.startDate);
	},
};
