// The contract's public face: the schema, its codes and the checks derived from it.
export * from './codes.ts';
export * from './schema.ts';
