// serverless.yml loads generated parts of the stack from here: the framework `require`s .cjs
// files, and this shim hands over to the TypeScript in src/deploy/ and src/alarms/ (run through
// Node's type stripping), so one definition serves the template, the tests and the rehearsal's
// local alarm evaluator.
const { readFile } = require('node:fs/promises');
const path = require('node:path');

const deployment = (resolveVariable) => resolveVariable('self:custom.deployment');

/** The `resources` section: hand-written base resources plus alarms, dashboard and schedule. */
module.exports.resources = async ({ resolveVariable }) => {
  const params = await deployment(resolveVariable);
  const base = await resolveVariable('self:custom.baseResources');
  const planPath = typeof params.schedulePlan === 'string' ? params.schedulePlan.trim() : '';
  const plan = planPath === '' ? null : { path: planPath, text: await readFile(path.resolve(__dirname, '..', planPath), 'utf8') };
  const { stackResources } = await import('../src/deploy/stack-resources.ts');
  return stackResources(params, base, plan);
};

/**
 * Each function's statements: custom.iam.<function>, plus the cluster grants of the functions
 * that reach Kafka and the secrets key grants of those that read or write SecureStrings.
 */
module.exports.functionStatements = async ({ resolveVariable }) => {
  const params = await deployment(resolveVariable);
  const { kafkaStatements } = await import('../src/deploy/kafka-access.ts');
  const { secretsKeyStatements } = await import('../src/deploy/secrets-key.ts');
  const { FUNCTION_KEYS } = await import('../src/deploy/resource-names.ts');
  const { moverHookStatements } = await import('../src/deploy/mover-hooks.ts');
  const kafka = {
    preflight: 'read-and-sync-topics',
    setRouting: 'read',
    confirmDrain: 'read',
    confirmMoves: 'read',
    decommission: 'read-blue',
    publishRouting: 'publish-control-topic',
  };
  const statements = {};
  for (const fn of FUNCTION_KEYS) {
    const own = (await resolveVariable(`self:custom.iam.${fn}`)) ?? [];
    const hooks = fn === 'requestMoves' ? moverHookStatements(params) : [];
    statements[fn] = [...own, ...hooks, ...(kafka[fn] ? kafkaStatements(params, kafka[fn]) : []), ...secretsKeyStatements(params, fn)];
  }
  return statements;
};

/** Physical names of this deployment (src/deploy/resource-names.ts): every one carries the migration. */
module.exports.names = async ({ resolveVariable }) => {
  const [stage, migration, region] = await Promise.all([
    resolveVariable('sls:stage'),
    resolveVariable('param:migration'),
    resolveVariable('self:provider.region'),
  ]);
  const { deploymentNames } = await import('../src/deploy/resource-names.ts');
  return deploymentNames(String(stage), String(migration ?? ''), String(region));
};

/** VPC settings of the functions that reach the brokers. */
module.exports.kafkaVpc = async ({ resolveVariable }) => {
  const { kafkaVpc } = await import('../src/deploy/kafka-access.ts');
  return kafkaVpc(await deployment(resolveVariable));
};

/**
 * The rollout state machine for serverless-step-functions: the definition is the ASL file as is,
 * with logging at stateMachineLogLevel, and tracingConfig only when stateMachineTracing is true
 * (the plugin grants X-Ray actions whenever the property is there).
 */
module.exports.rolloutStateMachine = async ({ resolveVariable }) => {
  const params = await deployment(resolveVariable);
  const { parse } = require('yaml');
  const definition = parse(await readFile(path.resolve(__dirname, '..', 'statemachines/rollout.asl.yml'), 'utf8'));
  const { stateMachineLogging, stateMachineTracing } = await import('../src/deploy/state-machine-observability.ts');
  const tracing = stateMachineTracing(params);
  return {
    id: 'RolloutStateMachine',
    name: await resolveVariable('self:custom.names.stateMachine'),
    type: 'STANDARD',
    loggingConfig: stateMachineLogging(params),
    ...(tracing === null ? {} : { tracingConfig: tracing }),
    definition,
  };
};

/** The rollback function's reserved concurrency (src/deploy/rollback-concurrency.ts); null for none. */
module.exports.rollbackReservedConcurrency = async ({ resolveVariable }) => {
  const { rollbackReservedConcurrency } = await import('../src/deploy/rollback-concurrency.ts');
  return rollbackReservedConcurrency(await deployment(resolveVariable));
};
