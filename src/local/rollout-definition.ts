import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { parse } from 'yaml';
import { RolloutDefinitionError } from './errors.ts';

/**
 * Loads statemachines/rollout.asl.yml for local runs.
 *
 * How Task resources are written: every Lambda Task names its function as a CloudFormation
 * reference, `Resource: { Fn::GetAtt: [PreflightLambdaFunction, Arn] }` (direct invocation:
 * the state's input is the event, the function's return value is the result), and the two
 * callback Tasks use `arn:aws:states:::lambda:invoke.waitForTaskToken` with
 * `Parameters.FunctionName: { Fn::GetAtt: [RequestApprovalLambdaFunction, Arn] }`.
 * serverless-step-functions resolves those references when it deploys the file, so the same
 * text deploys unchanged. Locally there is no CloudFormation: this loader replaces each
 * reference with a placeholder ARN that names the function (the ASL validator wants an ARN),
 * and records which function each Task state invokes, so that src/local/run-rollout.ts binds
 * the state to the same handler code through aws-local-stepfunctions' taskResourceLocalHandlers.
 * The placeholders are never called.
 */
export const ROLLOUT_DEFINITION_PATH = fileURLToPath(new URL('../../statemachines/rollout.asl.yml', import.meta.url));

const PLACEHOLDER_ACCOUNT = 'arn:aws:lambda:us-east-1:123456789012:function:kraft-canary-local-';

/** serverless.yml function keys: PreflightLambdaFunction → preflight, SetRoutingLambdaFunction → setRouting. */
export const functionKeyOf = (logicalId: string): string => {
  const stem = logicalId.replace(/LambdaFunction$/, '');
  return stem.charAt(0).toLowerCase() + stem.slice(1);
};

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

export interface TaskBinding {
  /** serverless.yml function key of the Lambda this Task invokes. */
  readonly functionKey: string;
  /** `lambda:invoke` integrations wrap the event as `{ FunctionName, Payload }`; the function sees Payload. */
  readonly payloadWrapped: boolean;
}

export interface RolloutDefinition {
  readonly definition: Record<string, unknown>;
  readonly tasks: Readonly<Record<string, TaskBinding>>;
  readonly waitStates: readonly string[];
  readonly taskStates: readonly string[];
}

const getAttOf = (value: Json | undefined): string | null => {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return null;
  const ref = value['Fn::GetAtt'];
  return Array.isArray(ref) && typeof ref[0] === 'string' && ref[1] === 'Arn' ? ref[0] : null;
};

function bindTask(name: string, state: { [key: string]: Json }, tasks: Record<string, TaskBinding>): void {
  const direct = getAttOf(state.Resource);
  if (direct !== null) {
    tasks[name] = { functionKey: functionKeyOf(direct), payloadWrapped: false };
    state.Resource = `${PLACEHOLDER_ACCOUNT}${functionKeyOf(direct)}`;
    return;
  }
  const parameters = state.Parameters as { [key: string]: Json } | undefined;
  const wrapped = getAttOf(parameters?.FunctionName);
  if (wrapped === null || parameters === undefined) throw new RolloutDefinitionError(`Task ${name} names no Lambda function`);
  tasks[name] = { functionKey: functionKeyOf(wrapped), payloadWrapped: true };
  parameters.FunctionName = `${PLACEHOLDER_ACCOUNT}${functionKeyOf(wrapped)}`;
}

function walk(states: { [key: string]: Json }, out: { tasks: Record<string, TaskBinding>; waits: string[] }): void {
  for (const [name, value] of Object.entries(states)) {
    const state = value as { [key: string]: Json };
    if (state.Type === 'Task') bindTask(name, state, out.tasks);
    if (state.Type === 'Wait') out.waits.push(name);
    const nested = (state.ItemProcessor ?? state.Iterator) as { States?: { [key: string]: Json } } | undefined;
    if (nested?.States) walk(nested.States, out);
    for (const branch of (state.Branches ?? []) as { States: { [key: string]: Json } }[]) walk(branch.States, out);
  }
}

/** The definition with placeholder ARNs, and the function behind each Task state. */
export function loadRolloutDefinition(path: string = ROLLOUT_DEFINITION_PATH): RolloutDefinition {
  // JSON round trip: YAML anchors (the shared Retry blocks) become independent copies.
  const definition = JSON.parse(JSON.stringify(parse(readFileSync(path, 'utf8')))) as { States: { [key: string]: Json } };
  const out = { tasks: {} as Record<string, TaskBinding>, waits: [] as string[] };
  walk(definition.States, out);
  return { definition, tasks: out.tasks, waitStates: out.waits, taskStates: Object.keys(out.tasks) };
}
