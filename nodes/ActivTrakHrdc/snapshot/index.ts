// The snapshot core, pure (no n8n imports, no I/O): columns -> records -> snapshot -> checks,
// change report and fingerprint -> CSV.
export * from './columns';
export * from './model';
export * from './groups';
export * from './problems';
export * from './builder';
export * from './userHashes';
export * from './fingerprint';
export * from './changeReport';
export * from './csv';
export * from './csvInput';
export * from './columnNames';
export * from './fieldMapping';
export { ValueProblem, trimmedText } from './values';
export type { Pause } from './csvRows';
export * from './summaryText';
export * from './nameList';
export * from './accountCheck';
export * from './account';
export * from './accountVerify';
export * from './accountBaseline';
export * from './protectedPeople';
