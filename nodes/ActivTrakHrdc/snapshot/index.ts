export * from './columns';
export * from './buildSnapshot';
export * from './csv';
export { ValueProblem } from './values';
