import { commonName, text, texts, at } from '../../nodes/ActivTrakHrdc/presets/fields';

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
