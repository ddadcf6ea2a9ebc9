// The safety limits: one table (table.ts), made into the options, the checks and the docs.
export * from './table';
export * from './check';
