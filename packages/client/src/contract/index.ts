/**
 * @kraft-canary/client/contract: the routing contract on its own, with no Kafka client and no
 * AWS SDK: parsing and acceptance of the routing document, buckets, routes, the metric names,
 * and the client's ports. The controller imports the rules from here, so they exist once.
 */
export * from '../ports.ts';
export * from './bucket.ts';
export * from './client-metrics.ts';
export * from './control-topic.ts';
export * from './json-structure.ts';
export * from './judge-routing-text.ts';
export * from './key-route.ts';
export * from './parameter-name.ts';
export * from './phase-rules.ts';
export * from './precedence.ts';
export * from './result.ts';
export * from './routing-document.ts';
export * from './routing-document-schema.ts';
