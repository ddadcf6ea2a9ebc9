import {
	PRESETS,
	emptyTextCells,
	peopleIn,
	readWithPreset,
	type LeaverPolicy,
	type Preset,
} from '../../nodes/ActivTrakHrdc/presets';
import {
	addGroup,
	commonName,
	fieldsOf,
	fullName,
	isWord,
	dayNumber,
	isPast,
	text,
	texts,
	at,
} from '../../nodes/ActivTrakHrdc/presets/fields';
import { USER_COLUMNS, emptyUserCells, type UserCells } from '../../nodes/ActivTrakHrdc/snapshot';
import { todayIn } from '../../nodes/ActivTrakHrdc/pipeline/readPreset';
import { presetFixture } from '../fixtures/presets';

describe('reading HR fields', () => {
	test.each([
		['CN=Sales Team,OU=Groups,DC=x', 'Sales Team'],
		['cn=All\\, Staff,ou=Groups,dc=x', 'All, Staff'],
		['cn=All\\2C Staff,ou=Groups,dc=x', 'All, Staff'],
		['cn=Caf\\C3\\A9,ou=Groups,dc=x', 'Café'],
		['OU=Groups,DC=x', ''],
	])('the CN of %s is %p', (dn, cn) => {
		expect(commonName(dn)).toBe(cn);
	});

	test('text is trimmed of any white space around it, and kept as it is when it has none', () => {
		for (const [raw, trimmed] of [
			[' x ', 'x'],
			['\tx\n', 'x'],
			['\u00a0x\u3000', 'x'],
			['\ufeffx\u2028', 'x'],
			['x\u00a0', 'x'],
			['\u00e9 ', '\u00e9'],
			['a b', 'a b'],
			['~', '~'],
			['  ', ''],
			['', ''],
		]) {
			expect(text(raw)).toBe(trimmed);
			expect(text(raw)).toBe(raw.trim());
		}
	});

	test('an LDAP value as one string or a list; own keys only', () => {
		expect(texts('a')).toEqual(['a']);
		expect(texts(['a', ' b ', ''])).toEqual(['a', 'b']);
		expect(texts([])).toEqual([]);
		expect(text([' x '])).toBe('x');
		expect(text(7)).toBe('7');
		expect(text({})).toBe('');
		expect(at({}, '__proto__')).toBeUndefined();
		expect(at({}, 'constructor')).toBeUndefined();
		expect(at(JSON.parse('{"__proto__": {"x": "y"}}'), '__proto__', 'x')).toBe('y');
		// A setting such as Group From may name anything: nothing a plain object inherits is read.
		for (const name of Object.getOwnPropertyNames(Object.prototype)) {
			expect(at({}, name)).toBeUndefined();
			expect(at({ profile: {} }, 'profile', name)).toBeUndefined();
		}
	});
});

describe('readWithPreset', () => {
	// A preset that sets the employee id only when the item has one, and marks leavers.
	const sometimes: Preset = {
		value: 'sometimes',
		name: 'Sometimes',
		sourceNode: 'Test',
		sourceSettings: 'none',
		readme: { reads: 'test items', leavers: '`left`' },
		groupChoices: [{ value: 'team', name: 'Team' }],
		knowsLeavers: () => true,
		checkShape: () => null,
		read: (json, _settings, person) => {
			person.cells.user_lookup_id = text(json.login);
			if (json.number !== undefined) person.cells.employee_id = text(json.number);
			addGroup(person, text(json.team));
			person.leaver = json.left === true;
		},
	};
	const reading = {
		groupFrom: 'team',
		groupPrefix: 'HR - ',
		leavers: 'doNotTrack' as LeaverPolicy,
		suspendedAreLeavers: false,
		uniqueDisplayNames: false,
		leaveOutFutureHires: true,
		today: 20261204,
	};
	const readAll = async (items: unknown[], how = reading, pause?: () => Promise<void>) => {
		const got: Array<{ item: number; cells: UserCells; group: string | readonly string[] }> = [];
		const outcome = await readWithPreset(
			sometimes,
			items,
			how,
			(item, cells, group) => got.push({ item, cells: { ...cells }, group }),
			pause,
		);
		return { outcome, got };
	};

	test('hands every user column by id, a cell the preset left alone empty for the next person', async () => {
		const { got } = await readAll([
			{ login: 'a@x.com', number: 7, team: 'Sales' },
			{ login: 'b@x.com', team: 'Ops', left: true },
		]);
		for (const { cells } of got)
			expect(Object.keys(cells).sort()).toEqual(USER_COLUMNS.map(({ id }) => id).sort());
		expect(got[0].cells).toMatchObject({ user_lookup_id: 'a@x.com', employee_id: '7', track: '' });
		expect(got[0].group).toBe('HR - Sales');
		// Not the first person's 7, and the leaver policy (not the preset) set the flag.
		expect(got[1].cells).toMatchObject({ user_lookup_id: 'b@x.com', employee_id: '', track: 'n' });
		expect(got[1].cells.delete_user).toBe('');
	});

	test('emptyTextCells empties every text column of USER_COLUMNS, and leaves the flags', () => {
		const cells = emptyUserCells();
		for (const { id } of USER_COLUMNS) cells[id] = `left by the person before: ${id}`;
		emptyTextCells(cells);
		for (const { id, kind } of USER_COLUMNS)
			expect([id, cells[id]]).toEqual([
				id,
				kind === 'text' ? '' : `left by the person before: ${id}`,
			]);
		expect(USER_COLUMNS.filter(({ kind }) => kind === 'text').length).toBeGreaterThan(0);
	});

	test('keeps each held person apart when display names are made unique', async () => {
		const { got, outcome } = await readAll(
			[
				{ login: 'a@x.com', number: 1 },
				{ login: 'b@x.com', number: 2, left: true },
			],
			{ ...reading, leavers: 'deleteUser', uniqueDisplayNames: true },
		);
		expect(got.map(({ cells }) => [cells.employee_id, cells.delete_user])).toEqual([
			['1', ''],
			['2', 'y'],
		]);
		expect(outcome).toMatchObject({ leavers: { found: 1, lookupIds: ['b@x.com'] } });
	});

	test('pauses for the event loop every 1,024 people, inside one item that holds them all', async () => {
		const people = Array.from({ length: 5000 }, (_, i) => ({ login: `u${i}@x.com`, team: 'T' }));
		// What each pause saw: how many people had been handed on by then.
		const handedOnAtPause: number[] = [];
		let handedOn = 0;
		const outcome = await readWithPreset(
			{ ...sometimes, unwrap: (json) => (Array.isArray(json.people) ? json.people : null) },
			[{ people: people.slice(0, 3000) }, ...people.slice(3000)],
			reading,
			() => handedOn++,
			async () => {
				handedOnAtPause.push(handedOn);
			},
		);
		expect('wrongShape' in outcome).toBe(false);
		expect(handedOn).toBe(5000);
		expect(handedOnAtPause).toEqual([1024, 2048, 3072, 4096]);
	});

	test('with unique display names, the held people are handed on with pauses too', async () => {
		const people = Array.from({ length: 2100 }, (_, i) => ({ login: `u${i}@x.com` }));
		let pauses = 0;
		const { got } = await readAll(people, { ...reading, uniqueDisplayNames: true }, async () => {
			pauses++;
		});
		expect(got).toHaveLength(2100);
		// Two while reading (1,024 and 2,048), two while handing the held people on.
		expect(pauses).toBe(4);
	});

	test.each([NaN, Infinity, 0, 2026_12, 2026.5, '20261204' as unknown as number])(
		'a today that is not a day (%p) stops the reading before anyone is handed on',
		async (today) => {
			let handedOn = 0;
			await expect(
				readWithPreset(sometimes, [{ login: 'a@x.com' }], { ...reading, today }, () => handedOn++),
			).rejects.toThrow(/not a date/);
			expect(handedOn).toBe(0);
		},
	);

	test('a start after today is left out, a start today is not; an end before today is a leaver', async () => {
		const dated: Preset = {
			...sometimes,
			read: (json, settings, person) => {
				person.cells.user_lookup_id = text(json.login);
				person.startsOn = dayNumber(json.starts);
				person.leaver = isPast(dayNumber(json.ends), settings.today);
			},
		};
		const got: string[] = [];
		const outcome = await readWithPreset(
			dated,
			[
				{ login: 'tomorrow@x.com', starts: '2026-12-05T00:00:00+01:00' },
				{ login: 'today@x.com', starts: '2026-12-04-08:00' },
				{ login: 'undated@x.com', starts: 'soon' },
				{ login: 'ended@x.com', ends: '2026-12-03' },
				{ login: 'ends-today@x.com', ends: '2026-12-04' },
			],
			{ ...reading, leavers: 'leaveOut' },
			(_item, cells) => got.push(cells.user_lookup_id),
		);
		expect(got).toEqual(['today@x.com', 'undated@x.com', 'ends-today@x.com']);
		expect(outcome).toMatchObject({
			futureHires: { found: 1, lookupIds: ['tomorrow@x.com'] },
			leavers: { found: 1, lookupIds: ['ended@x.com'] },
		});
	});

	test("todayIn is today in the workflow's time zone", () => {
		const now = new Date('2026-12-05T23:30:00Z');
		expect(todayIn('UTC', now)).toBe(20261205);
		expect(todayIn('Pacific/Auckland', now)).toBe(20261206);
		expect(todayIn('America/Los_Angeles', now)).toBe(20261205);
		expect(todayIn('America/Los_Angeles', new Date('2026-12-05T07:30:00Z'))).toBe(20261204);
	});

	test('a person of the wrong shape after many stops the reading, naming their item', async () => {
		const strict: Preset = {
			...sometimes,
			checkShape: (json) =>
				json.login === undefined ? { wrongShape: 'no login', fix: 'add logins' } : null,
		};
		const items = [
			...Array.from({ length: 1500 }, (_, i) => ({ login: `u${i}@x.com` })),
			{ name: 'no login' },
		];
		let handedOn = 0;
		const outcome = await readWithPreset(strict, items, reading, () => handedOn++);
		expect(outcome).toEqual({ wrongShape: 'no login', fix: 'add logins', item: 1500 });
		expect(handedOn).toBe(1500);
	});
});

describe('peopleIn: what the snapshot builder is sized by', () => {
	test.each(PRESETS.map((preset) => [preset.value, preset] as const))(
		'%s: as many as the preset reads, whether an item holds the answer or one person',
		async (_value, preset) => {
			const { items, splitOut } = presetFixture(preset.value);
			let read = 0;
			// Everyone handed on: leavers marked, future hires kept.
			const outcome = await readWithPreset(
				preset,
				items,
				{
					groupFrom: preset.groupChoices[0].value,
					groupPrefix: '',
					leavers: 'doNotTrack',
					suspendedAreLeavers: false,
					uniqueDisplayNames: false,
					leaveOutFutureHires: false,
					today: 20261204,
				},
				() => read++,
			);
			expect('wrongShape' in outcome).toBe(false);
			expect(read).toBeGreaterThan(1);
			expect(peopleIn(preset, items)).toBe(read);
			if (splitOut) expect(peopleIn(preset, splitOut)).toBe(splitOut.length);
			// What is not an object counts as at most one: never more than the items say.
			expect(peopleIn(preset, [null, 7, 'x'])).toBe(3);
		},
	);
});

describe('dayNumber: dates as HR APIs write them, as YYYYMMDD, never guessed', () => {
	test.each([
		['2026-12-05', 20261205],
		[' 2026-12-05 ', 20261205],
		['2026-12-05T00:00:00+01:00', 20261205],
		['2026-12-05-08:00', 20261205],
		['2026-12-05Z', 20261205],
		['05/12/2026', 0],
		['2026-13-01', 0],
		['2026-12-5', 0],
		['2026-12-05garbage', 0],
		['2026-12-05+0100', 20261205],
		['2026-12-05-0800', 20261205],
		['2026-12-05 10:00', 20261205],
		['2026-12-05Z1', 0],
		['2026-12-05+01', 0],
		['2026-12-05+01:0', 0],
		['2026-12-05+01:0x', 0],
		['2026-12-05+01-00', 0],
		['2026-12-05+01:000', 0],
		['2026-00-05', 0],
		['2026-12-00', 0],
		['2026-12-32', 0],
		['20x6-12-05', 0],
		['2026-1x-05', 0],
		['2026-12-0x', 0],
		['2026/12/05', 0],
		[20261205, 0],
		[null, 0],
	])('%j -> %j', (value, day) => {
		expect(dayNumber(value)).toBe(day);
	});

	test('takes the same tails as the pattern it is written to: a time, Z, or a +hh[:]mm zone', () => {
		// The rule as a pattern, kept here as the reference the character-code reader is held to.
		const reference = (date: string) =>
			/^\d{4}-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])(?:$|[T ]|Z$|[+-]\d{2}:?\d{2}$)/.test(date)
				? Number(date.slice(0, 10).replace(/-/g, ''))
				: 0;
		const tails = ['', 'T', ' ', 'Z', 'ZZ', '+', '-', '+01', '+0100', '-08:00', '+08:0', '+0a:00'];
		const more = ['x', ':', '-08:00x', '+01000', 'T00:00:00Z', '\u0000', '-', '+1:00'];
		for (const day of ['2026-12-05', '2026-02-30', '2026-12-31', '2026-12-41', '1999-09-09'])
			for (const tail of [...tails, ...more])
				expect([day + tail, dayNumber(day + tail)]).toEqual([day + tail, reference(day + tail)]);
	});
});

describe('the small readers presets share', () => {
	test('isWord is a case-blind compare with a word written in lower case', () => {
		expect(isWord('Inactive', 'inactive')).toBe(true);
		expect(isWord('INACTIVE', 'inactive')).toBe(true);
		expect(isWord('inactive', 'inactive')).toBe(true);
		expect(isWord('inactive ', 'inactive')).toBe(false);
		expect(isWord('inactiv', 'inactive')).toBe(false);
		expect(isWord('active', 'inactive')).toBe(false);
		expect(isWord('', 'inactive')).toBe(false);
	});

	test('fieldsOf gives an object its own fields and anything else none, nothing inherited', () => {
		const work = { department: 'Sales' };
		expect(fieldsOf(work)).toBe(work);
		for (const value of [undefined, null, 'Sales', 7, true]) {
			const fields = fieldsOf(value);
			expect(fields.department).toBeUndefined();
			expect(fields.constructor).toBeUndefined();
			expect(fields.toString).toBeUndefined();
			expect(Object.isFrozen(fields)).toBe(true);
		}
	});

	test('fullName: the name, else given and family names with one space, else either', () => {
		expect(fullName(' Ana Ruiz ', 'x', 'y')).toBe('Ana Ruiz');
		expect(fullName('', ' Ana ', ' Ruiz ')).toBe('Ana Ruiz');
		expect(fullName(undefined, 'Ana', '')).toBe('Ana');
		expect(fullName(null, '', 'Ruiz')).toBe('Ruiz');
		expect(fullName(['Ana R.'], undefined, undefined)).toBe('Ana R.');
		expect(fullName({}, {}, {})).toBe('');
	});
});
