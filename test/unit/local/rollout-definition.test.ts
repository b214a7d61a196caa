import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { functionKeyOf, loadRolloutDefinition } from '../../../src/local/rollout-definition.ts';

const write = (yaml: string) => {
  const path = join(mkdtempSync(join(tmpdir(), 'asl-')), 'machine.asl.yml');
  writeFileSync(path, yaml);
  return path;
};

describe('loadRolloutDefinition', () => {
  it('maps serverless logical ids to function keys', () => {
    expect(['PreflightLambdaFunction', 'SetRoutingLambdaFunction', 'RollbackLambdaFunction'].map(functionKeyOf)).toEqual([
      'preflight',
      'setRouting',
      'rollback',
    ]);
  });

  it('replaces Fn::GetAtt resources with placeholder ARNs and records the function behind each Task', () => {
    // Prepare
    const path = write(`
StartAt: A
States:
  A:
    Type: Task
    Resource: { 'Fn::GetAtt': [PreflightLambdaFunction, Arn] }
    Next: W
  W: { Type: Wait, Seconds: 5, Next: B }
  B:
    Type: Task
    Resource: arn:aws:states:::lambda:invoke.waitForTaskToken
    Parameters:
      FunctionName: { 'Fn::GetAtt': [RequestApprovalLambdaFunction, Arn] }
      Payload: { token.$: $$.Task.Token }
    End: true
`);
    // Act
    const loaded = loadRolloutDefinition(path);
    // Assess
    expect(loaded.tasks).toEqual({ A: { functionKey: 'preflight', payloadWrapped: false }, B: { functionKey: 'requestApproval', payloadWrapped: true } });
    expect(loaded.waitStates).toEqual(['W']);
    const states = loaded.definition.States as Record<string, { Resource: string; Parameters?: { FunctionName: string } }>;
    expect(states.A?.Resource).toMatch(/^arn:aws:lambda:[a-z0-9-]+:\d{12}:function:kraft-canary-local-preflight$/);
    expect(states.B?.Parameters?.FunctionName).toContain('function:kraft-canary-local-requestApproval');
  });

  it('refuses a Task that names no Lambda function', () => {
    const path = write('StartAt: A\nStates:\n  A: { Type: Task, Resource: "arn:aws:states:::sqs:sendMessage", Parameters: {}, End: true }\n');
    expect(() => loadRolloutDefinition(path)).toThrow('Task A names no Lambda function');
  });
});
