/**
 * The house rules `npm run lint` keeps, so the code cannot grow back silently: no file under
 * nodes/ or credentials/ over 400 lines (over 250 is named as a warning: size should follow
 * meaning, and a seam cut only to get under a number splits one idea in two), and no import
 * cycle among them (type-only imports count: a cycle of types is still two files that cannot
 * be understood apart).
 * Usage: tsx scripts/check-structure.ts [folder...]   exits 1 and names each breach.
 */
import { readFileSync, readdirSync, statSync } from 'node:fs';
import path from 'node:path';

/** Over this, a warning: look for a seam. */
export const WARN_LINES = 250;
/** Over this, an error. */
export const MAX_LINES = 400;
const ROOT = path.resolve(__dirname, '..');

function sourceFiles(folder: string): string[] {
	return readdirSync(folder).flatMap((name) => {
		const full = path.join(folder, name);
		if (statSync(full).isDirectory()) return sourceFiles(full);
		return name.endsWith('.ts') && !name.endsWith('.d.ts') ? [full] : [];
	});
}

const IMPORT = /(?:^|\n)\s*(?:import|export)\s[^;]*?\sfrom\s+'(\.{1,2}\/[^']+)'/g;

/** The files of the tree a file imports (relative imports only). */
function importsOf(file: string): string[] {
	const text = readFileSync(file, 'utf8');
	const found: string[] = [];
	for (const match of text.matchAll(IMPORT)) {
		const base = path.resolve(path.dirname(file), match[1]);
		for (const candidate of [`${base}.ts`, path.join(base, 'index.ts')]) {
			try {
				if (statSync(candidate).isFile()) {
					found.push(candidate);
					break;
				}
			} catch {
				// not this one
			}
		}
	}
	return found;
}

/** Every cycle, each as the files around it (each reported once, from its first file). */
export function importCycles(files: string[]): string[][] {
	const graph = new Map(files.map((file) => [file, importsOf(file)]));
	const cycles: string[][] = [];
	const seen = new Set<string>();
	const state = new Map<string, 'open' | 'done'>();
	const stack: string[] = [];
	const visit = (file: string) => {
		state.set(file, 'open');
		stack.push(file);
		for (const next of graph.get(file) ?? []) {
			if (state.get(next) === 'open') {
				const cycle = stack.slice(stack.indexOf(next));
				const key = [...cycle].sort().join('|');
				if (!seen.has(key)) {
					seen.add(key);
					cycles.push(cycle);
				}
			} else if (!state.has(next) && graph.has(next)) {
				visit(next);
			}
		}
		stack.pop();
		state.set(file, 'done');
	};
	for (const file of files) if (!state.has(file)) visit(file);
	return cycles;
}

export function overLong(
	files: string[],
	limit = MAX_LINES,
): Array<{ file: string; lines: number }> {
	return files
		.map((file) => ({ file, lines: readFileSync(file, 'utf8').split('\n').length - 1 }))
		.filter(({ lines }) => lines > limit);
}

if (require.main === module) {
	const folders = process.argv.slice(2);
	const files = (folders.length ? folders : ['nodes', 'credentials']).flatMap((folder) =>
		sourceFiles(path.resolve(ROOT, folder)),
	);
	const name = (file: string) => path.relative(ROOT, file);
	// Each file is read once: those over the warning line, then split at the error line.
	const overWarning = overLong(files, WARN_LINES);
	const long = overWarning.filter(({ lines }) => lines <= MAX_LINES);
	for (const { file, lines } of long)
		console.warn(`warning: ${name(file)}: ${lines} lines (over ${WARN_LINES}): is there a seam?`);
	const problems = [
		...overWarning
			.filter(({ lines }) => lines > MAX_LINES)
			.map(
				({ file, lines }) =>
					`${name(file)}: ${lines} lines (at most ${MAX_LINES}): split it along a seam`,
			),
		...importCycles(files).map(
			(cycle) => `import cycle: ${[...cycle, cycle[0]].map(name).join(' -> ')}`,
		),
	];
	for (const problem of problems) console.error(problem);
	console.log(
		`${files.length} files: ${problems.length ? `${problems.length} problems` : `none over ${MAX_LINES} lines, no import cycle`}${long.length ? `, ${long.length} over ${WARN_LINES} (a warning)` : ''}`,
	);
	process.exit(problems.length ? 1 : 0);
}
