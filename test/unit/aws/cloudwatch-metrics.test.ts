import { CloudWatchClient, GetMetricDataCommand, ListMetricsCommand, PutMetricDataCommand } from '@aws-sdk/client-cloudwatch';
import { mockClient } from 'aws-sdk-client-mock';
import { beforeEach, describe, expect, it } from 'vitest';
import { CloudWatchMetrics } from '../../../src/aws/cloudwatch-metrics.ts';
import type { MetricQuery } from '../../../src/ports/index.ts';

const client = new CloudWatchClient({ region: 'eu-west-1' });
const cw = mockClient(client);
const metrics = new CloudWatchMetrics(client);

beforeEach(() => cw.reset());

const query = (id: string): MetricQuery => ({
  id,
  namespace: 'AWS/Kafka',
  metricName: 'SumOffsetLag',
  dimensions: { 'Cluster Name': 'orders-green', 'Consumer Group': 'billing', Topic: 'orders' },
  stat: 'Maximum',
  periodSeconds: 60,
});

describe('CloudWatchMetrics.read', () => {
  it('maps caller ids to CloudWatch ids and back, pages, and sorts points oldest first', async () => {
    // Prepare
    cw.on(GetMetricDataCommand, { NextToken: undefined })
      .resolves({ MetricDataResults: [{ Id: 'q0', Timestamps: [new Date(120_000)], Values: [7] }], NextToken: 'n' })
      .on(GetMetricDataCommand, { NextToken: 'n' })
      .resolves({
        MetricDataResults: [
          { Id: 'q0', Timestamps: [new Date(60_000)], Values: [3] },
          { Id: 'q1', Timestamps: [], Values: [] },
        ],
      });
    // Act
    const data = await metrics.read([query('SumOffsetLag-0'), query('other id')], 0, 180_000);
    // Assess
    expect(data).toEqual({
      'SumOffsetLag-0': [
        { at: 60_000, value: 3 },
        { at: 120_000, value: 7 },
      ],
    });
    const input = cw.commandCalls(GetMetricDataCommand)[0]?.args[0].input;
    expect(input?.MetricDataQueries?.[0]).toMatchObject({
      Id: 'q0',
      MetricStat: {
        Metric: {
          Namespace: 'AWS/Kafka',
          MetricName: 'SumOffsetLag',
          Dimensions: [
            { Name: 'Cluster Name', Value: 'orders-green' },
            { Name: 'Consumer Group', Value: 'billing' },
            { Name: 'Topic', Value: 'orders' },
          ],
        },
        Period: 60,
        Stat: 'Maximum',
      },
    });
    expect(input).toMatchObject({ StartTime: new Date(0), EndTime: new Date(180_000), ScanBy: 'TimestampAscending' });
  });

  it('passes distribution statistics through: SampleCount and percentile ranks', async () => {
    cw.on(GetMetricDataCommand).resolves({ MetricDataResults: [{ Id: 'q1', Timestamps: [new Date(60_000)], Values: [97.5] }] });
    const data = await metrics.read(
      [
        { ...query('n'), stat: 'SampleCount' },
        { ...query('pr'), metricName: 'ProduceLatency', stat: 'PR(:12.5)' },
      ],
      0,
      120_000,
    );
    expect(data).toEqual({ pr: [{ at: 60_000, value: 97.5 }] });
    const stats = cw.commandCalls(GetMetricDataCommand)[0]?.args[0].input.MetricDataQueries?.map((q) => q.MetricStat?.Stat);
    expect(stats).toEqual(['SampleCount', 'PR(:12.5)']);
  });

  it('splits more than 500 queries over several calls', async () => {
    cw.on(GetMetricDataCommand).resolves({ MetricDataResults: [] });
    await metrics.read(
      Array.from({ length: 501 }, (_, i) => query(`id${i}`)),
      0,
      1,
    );
    expect(cw.commandCalls(GetMetricDataCommand).map((c) => c.args[0].input.MetricDataQueries?.length)).toEqual([500, 1]);
  });

  it('maps throttling to TransientAwsError', async () => {
    cw.on(GetMetricDataCommand).rejects(Object.assign(new Error('slow down'), { name: 'Throttling' }));
    await expect(metrics.read([query('a')], 0, 1)).rejects.toMatchObject({ name: 'TransientAwsError', operation: 'GetMetricData' });
  });
});

describe('CloudWatchMetrics.put', () => {
  it('puts metrics with units and dimensions', async () => {
    // Prepare
    cw.on(PutMetricDataCommand).resolves({});
    // Act
    await metrics.put('KraftCanary', [
      { name: 'CanaryGreenPercent', value: 50, unit: 'Percent', dimensions: { Migration: 'orders' } },
      { name: 'GateResult', value: 1, dimensions: {} },
    ]);
    // Assess
    expect(cw.commandCalls(PutMetricDataCommand)[0]?.args[0].input).toEqual({
      Namespace: 'KraftCanary',
      MetricData: [
        { MetricName: 'CanaryGreenPercent', Value: 50, Unit: 'Percent', Dimensions: [{ Name: 'Migration', Value: 'orders' }] },
        { MetricName: 'GateResult', Value: 1, Unit: 'None', Dimensions: [] },
      ],
    });
  });

  it('reports a failed put', async () => {
    cw.on(PutMetricDataCommand).rejects(Object.assign(new Error('no'), { name: 'AccessDenied' }));
    await expect(metrics.put('KraftCanary', [{ name: 'x', value: 1, dimensions: {} }])).rejects.toMatchObject({ name: 'AwsCallError' });
  });
});

describe('CloudWatchMetrics.dimensionSets', () => {
  it('lists recently active dimension sets across pages', async () => {
    // Prepare
    cw.on(ListMetricsCommand, { NextToken: undefined })
      .resolves({
        Metrics: [
          {
            Dimensions: [
              { Name: 'Cluster Name', Value: 'c' },
              { Name: 'Topic', Value: 'orders' },
            ],
          },
        ],
        NextToken: 'n',
      })
      .on(ListMetricsCommand, { NextToken: 'n' })
      .resolves({
        Metrics: [
          {
            Dimensions: [
              { Name: 'Cluster Name', Value: 'c' },
              { Name: 'Topic', Value: 'payments' },
            ],
          },
        ],
      });
    // Act
    const sets = await metrics.dimensionSets('AWS/Kafka', 'SumOffsetLag', { 'Cluster Name': 'c' });
    // Assess
    expect(sets).toEqual([
      { 'Cluster Name': 'c', Topic: 'orders' },
      { 'Cluster Name': 'c', Topic: 'payments' },
    ]);
    expect(cw.commandCalls(ListMetricsCommand)[0]?.args[0].input).toMatchObject({
      Namespace: 'AWS/Kafka',
      MetricName: 'SumOffsetLag',
      RecentlyActive: 'PT3H',
      Dimensions: [{ Name: 'Cluster Name', Value: 'c' }],
    });
  });

  it('reports a failed listing', async () => {
    cw.on(ListMetricsCommand).rejects(Object.assign(new Error('x'), { $fault: 'server', name: 'InternalServiceFault' }));
    await expect(metrics.dimensionSets('AWS/Kafka', 'x', {})).rejects.toMatchObject({ name: 'TransientAwsError' });
  });
});
