import { describe, expect, it } from 'vitest';
import { type CompiledTemplate, DEFAULT_ROLE_LOGICAL_ID, finalizeTemplate } from '../../../src/deploy/finalize-template.ts';

const role = { Type: 'AWS::IAM::Role', Properties: { RoleName: 'kraft-canary-ci-eu-west-1-lambdaRole' } };

describe('finalizeTemplate', () => {
  it('drops the framework role no function uses and exports every output under the stack name', () => {
    // Prepare
    const template: CompiledTemplate = {
      Resources: {
        [DEFAULT_ROLE_LOGICAL_ID]: role,
        PreflightLambdaFunction: { Type: 'AWS::Lambda::Function', Properties: { Role: { 'Fn::GetAtt': ['PreflightIamRoleLambdaExecution', 'Arn'] } } },
      },
      Outputs: { HttpApiUrl: { Value: 'x', Export: { Name: 'sls-kraft-canary-ci-HttpApiUrl' } }, Other: { Value: 'y' } },
    };
    // Act
    finalizeTemplate(template, { stackName: 'kraft-canary-ci-orders-kraft' });
    // Assess
    expect(Object.keys(template.Resources)).toEqual(['PreflightLambdaFunction']);
    expect(template.Outputs?.HttpApiUrl?.Export).toEqual({ Name: 'kraft-canary-ci-orders-kraft-HttpApiUrl' });
    expect(template.Outputs?.Other?.Export).toEqual({ Name: 'kraft-canary-ci-orders-kraft-Other' });
  });

  it('keeps the framework role while a function still uses it', () => {
    // Prepare
    const template: CompiledTemplate = {
      Resources: {
        [DEFAULT_ROLE_LOGICAL_ID]: role,
        Fn: { Type: 'AWS::Lambda::Function', Properties: { Role: { 'Fn::GetAtt': [DEFAULT_ROLE_LOGICAL_ID, 'Arn'] } } },
      },
    };
    // Act
    finalizeTemplate(template, { stackName: 's' });
    // Assess
    expect(template.Resources[DEFAULT_ROLE_LOGICAL_ID]).toBe(role);
  });
});
