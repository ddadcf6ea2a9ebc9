export * from './columns';
export * from './buildSnapshot';
export * from './changeReport';
export * from './csv';
export * from './csvInput';
export * from './fieldMapping';
export * from './guards';
export { ValueProblem } from './values';
