import type { CfnResource } from '../alarms/cloudformation.ts';

/** The part of the compiled template the packaging hooks rewrite. */
export interface CompiledTemplate {
  Resources: Record<string, CfnResource & { DeletionPolicy?: string; UpdateReplacePolicy?: string }>;
  Outputs?: Record<string, { Value: unknown; Export?: { Name: unknown } }>;
}

/**
 * The framework exports every output as `sls-<service>-<stage>-<output>`; export names are
 * unique per account and region, so a second migration's stack on the same stage would fail
 * with "already exported". Each output is exported under this stack's own name instead.
 */
export function exportUnderStackName(template: CompiledTemplate, stackName: string): void {
  for (const [key, output] of Object.entries(template.Outputs ?? {})) {
    output.Export = { Name: `${stackName}-${key}` };
  }
}

/** The framework's shared function role; serverless-iam-roles-per-function gives each function its own. */
export const DEFAULT_ROLE_LOGICAL_ID = 'IamRoleLambdaExecution';

/**
 * The framework still emits its shared role after every function got its own: an unused role
 * with a fixed name (`<service>-<stage>-<region>-lambdaRole`) that a second migration's stack
 * would collide on. Dropped when nothing in the template refers to it.
 */
export function dropUnusedDefaultRole(template: CompiledTemplate): void {
  const { [DEFAULT_ROLE_LOGICAL_ID]: role, ...others } = template.Resources;
  if (role === undefined) return;
  const mentioned = JSON.stringify({ others, outputs: template.Outputs ?? {} }).includes(`"${DEFAULT_ROLE_LOGICAL_ID}"`);
  if (!mentioned) delete template.Resources[DEFAULT_ROLE_LOGICAL_ID];
}

/** What the kraft-canary packaging plugin does to the compiled template, in order. */
export function finalizeTemplate(template: CompiledTemplate, settings: { stackName: string }): void {
  dropUnusedDefaultRole(template);
  exportUnderStackName(template, settings.stackName);
}
