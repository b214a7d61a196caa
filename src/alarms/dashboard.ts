import { CLIENT_METRICS } from '@kraft-canary/client/contract';
import { CONTROLLER_METRICS } from '../domain/metric-names.ts';
import type { AlarmConfig } from './alarm-config.ts';
import { alarmDefinitions, compositeDefinition } from './definitions.ts';

type Widget = Record<string, unknown>;
type MetricLine = (string | Record<string, unknown>)[];

// Fn::Sub placeholders, filled in by CloudFormation.
const REGION = '$' + '{AWS::Region}';

const metricWidget = (title: string, metrics: MetricLine[], extra: Record<string, unknown> = {}): Widget => ({
  type: 'metric',
  width: 12,
  height: 6,
  properties: { title, region: REGION, view: 'timeSeries', period: 60, stacked: false, metrics, ...extra },
});

/** Lines of one lag graph: the alarms watch every pair, the graph shows the first ones (template size). */
export const MAX_LAG_LINES = 100;

function lagWidget(config: AlarmConfig, cluster: 'blue' | 'green'): Widget {
  const pairs = config.lag.reduce((n, watch) => n + watch.topics.length, 0);
  const lines = config.lag.flatMap((watch) =>
    watch.topics.map(
      (topic): MetricLine => [
        'AWS/Kafka',
        'MaxOffsetLag',
        'Cluster Name',
        config[cluster].name,
        'Consumer Group',
        watch.group,
        'Topic',
        topic,
        { stat: 'Maximum', label: `${watch.group} ${topic}` },
      ],
    ),
  );
  const threshold = { horizontal: [{ label: 'rollback', value: config.thresholds.maxOffsetLag }] };
  const shown = pairs > MAX_LAG_LINES ? ` (first ${MAX_LAG_LINES} of ${pairs})` : '';
  return metricWidget(`Consumer lag on ${cluster} (MaxOffsetLag)${shown}`, lines.slice(0, MAX_LAG_LINES), { annotations: threshold });
}

function clientWidget(config: AlarmConfig): Widget {
  const lines: MetricLine[] = [];
  for (const cluster of ['blue', 'green'] as const) {
    for (const role of ['producer', 'consumer'] as const) {
      const id = `${cluster}${role}`;
      const dims = ['Migration', config.migration, 'Cluster', cluster, 'Role', role];
      lines.push([config.namespace, CLIENT_METRICS.errors, ...dims, { id: `e${id}`, stat: 'Sum', visible: false }]);
      lines.push([config.namespace, CLIENT_METRICS.operations, ...dims, { id: `o${id}`, stat: 'Sum', visible: false }]);
      lines.push([{ expression: `FILL(e${id}, 0) / o${id}`, label: `${role} error rate on ${cluster}`, id: `r${id}` }]);
    }
  }
  const threshold = { horizontal: [{ label: 'rollback', value: config.thresholds.maxErrorRate }] };
  return metricWidget('Client error rate', lines, { annotations: threshold });
}

function rolloutWidgets(config: AlarmConfig): Widget[] {
  const dims = ['Migration', config.migration];
  return [
    metricWidget('Producer traffic on green (%)', [[config.namespace, CONTROLLER_METRICS.greenPercent, ...dims, { stat: 'Maximum' }]], {
      yAxis: { left: { min: 0, max: 100 } },
    }),
    metricWidget(
      'Gate results per evaluation',
      (['pass', 'inconclusive', 'fail'] as const).map(
        (verdict): MetricLine => [config.namespace, CONTROLLER_METRICS.gateResult, ...dims, 'Verdict', verdict, { stat: 'Sum', label: verdict }],
      ),
      { view: 'bar', period: 300 },
    ),
  ];
}

function healthWidget(config: AlarmConfig): Widget {
  const cluster = ['Cluster Name', config.green.name];
  return metricWidget('Green cluster health', [
    ['AWS/Kafka', 'OfflinePartitionsCount', ...cluster, { stat: 'Maximum' }],
    ['AWS/Kafka', 'ActiveControllerCount', ...cluster, { stat: 'Maximum' }],
    ...Array.from(
      { length: config.green.brokerCount },
      (_, i): MetricLine => ['AWS/Kafka', 'UnderReplicatedPartitions', ...cluster, 'Broker ID', String(i + 1), { stat: 'Maximum' }],
    ),
  ]);
}

function alarmWidget(config: AlarmConfig): Widget {
  const alarms = alarmDefinitions(config);
  const names = [compositeDefinition(config, alarms).name, ...alarms.map((a) => a.name)];
  const arn = (name: string) => `arn:\${AWS::Partition}:cloudwatch:${REGION}:\${AWS::AccountId}:alarm:${name}`;
  return {
    type: 'alarm',
    width: 24,
    height: Math.min(12, 2 + Math.ceil(names.length / 4) * 2),
    properties: { title: 'Rollback alarms', alarms: names.slice(0, 100).map(arn), sortBy: 'stateUpdatedTimestamp' },
  };
}

/** The migration's dashboard: green share, gate results, lag on both clusters, client errors, health, alarms. */
export function dashboardResource(config: AlarmConfig): { Type: string; Properties: Record<string, unknown> } {
  const widgets = [
    ...rolloutWidgets(config),
    ...(config.lag.length === 0 ? [] : [lagWidget(config, 'blue'), lagWidget(config, 'green')]),
    clientWidget(config),
    healthWidget(config),
    alarmWidget(config),
  ];
  return {
    Type: 'AWS::CloudWatch::Dashboard',
    Properties: {
      DashboardName: `${config.namePrefix}-${config.migration}`,
      DashboardBody: { 'Fn::Sub': JSON.stringify({ widgets }) },
    },
  };
}
