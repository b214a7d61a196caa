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

/** Statements of the functions that reach Kafka: custom.iam.<function> plus the cluster grants. */
module.exports.kafkaFunctionStatements = async ({ resolveVariable }) => {
  const params = await deployment(resolveVariable);
  const { kafkaStatements } = await import('../src/deploy/kafka-access.ts');
  const own = async (name) => (await resolveVariable(`self:custom.iam.${name}`)) ?? [];
  return {
    preflight: [...(await own('preflight')), ...kafkaStatements(params, 'read-and-sync-topics')],
    setRouting: [...(await own('setRouting')), ...kafkaStatements(params, 'read')],
    confirmDrain: [...(await own('confirmDrain')), ...kafkaStatements(params, 'read')],
    decommission: [...(await own('decommission')), ...kafkaStatements(params, 'read-blue')],
  };
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
