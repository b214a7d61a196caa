export * from './change-window.ts';
export * from './client-quiet.ts';
export * from './drain.ts';
export * from './duration.ts';
export * from './gates.ts';
export * from './plan.ts';
export * from './schema-fields.ts';
export * from './transitions.ts';
