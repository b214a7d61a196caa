import { describe, expect, it } from 'vitest';
import { CLIENT_METRICS } from '../../../src/contract/client-metrics.ts';

describe('CLIENT_METRICS', () => {
  it('keeps the names that deployed alarms and dashboards query', () => {
    // A rename here would silently blind the gates and alarms of running migrations.
    expect(CLIENT_METRICS).toEqual({
      defaultNamespace: 'KraftCanary',
      errors: 'ClientErrors',
      operations: 'ClientOperations',
      dimensions: ['Migration', 'Cluster', 'Role'],
      roles: ['producer', 'consumer'],
      produceLatency: 'ProduceLatency',
      handlingTime: 'HandlingTime',
      endToEndDelay: 'EndToEndDelay',
      distributionDimensions: ['Migration', 'Cluster'],
    });
  });
});
