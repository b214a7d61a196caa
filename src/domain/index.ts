export * from './bucket.ts';
export * from './duration.ts';
export * from './plan.ts';
export * from './result.ts';
export * from './routing-document.ts';
