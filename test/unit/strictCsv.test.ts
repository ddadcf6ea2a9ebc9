import { CsvSyntaxError, parseStrictCsv } from '../support/strictCsv';

describe('strict RFC 4180 reader (test support)', () => {
	test.each<[string, string, string[][]]>([
		[
			'plain rows, CRLF',
			'a,b\r\n1,2\r\n',
			[
				['a', 'b'],
				['1', '2'],
			],
		],
		[
			'LF rows and no final newline',
			'a,b\n1,2',
			[
				['a', 'b'],
				['1', '2'],
			],
		],
		[
			'quoted comma, quote and line breaks',
			'a,b\r\n"x,y","say ""hi""\r\nbye"\r\n',
			[
				['a', 'b'],
				['x,y', 'say "hi"\r\nbye'],
			],
		],
		[
			'empty fields',
			'a,b,c\r\n,,\r\n',
			[
				['a', 'b', 'c'],
				['', '', ''],
			],
		],
		['a quoted empty last field', 'a\r\n""', [['a'], ['']]],
		['a BOM is dropped', '\ufeffa\r\n1\r\n', [['a'], ['1']]],
	])('%s', (_name, text, rows) => {
		expect(parseStrictCsv(text)).toEqual(rows);
	});

	test.each([
		['a quote inside an unquoted field', 'a\r\nx"y\r\n'],
		['text after a closing quote', 'a\r\n"x"y\r\n'],
		['an unterminated quote', 'a\r\n"xy\r\n'],
		['a lone CR', 'a\rb\r\n'],
		['rows of different widths', 'a,b\r\n1\r\n'],
	])('refuses %s', (_name, text) => {
		expect(() => parseStrictCsv(text)).toThrow(CsvSyntaxError);
	});
});
