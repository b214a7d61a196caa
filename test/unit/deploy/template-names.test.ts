import { describe, expect, it } from 'vitest';
import { checkTemplateNames, NAMED_RESOURCES } from '../../../src/deploy/template-names.ts';

const LIMITS = Object.entries(NAMED_RESOURCES).map(([type, { property, limit }]) => [type, property, limit] as const);

const template = (type: string, properties: Record<string, unknown>) => ({ Resources: { Named: { Type: type, Properties: properties } } });

describe('checkTemplateNames', () => {
  it('knows the limits AWS documents: EventBridge rules and Lambda functions 64, state machines 80, log groups 512', () => {
    expect(NAMED_RESOURCES['AWS::Events::Rule']).toMatchObject({ property: 'Name', limit: 64 });
    expect(NAMED_RESOURCES['AWS::Lambda::Function']).toMatchObject({ property: 'FunctionName', limit: 64 });
    expect(NAMED_RESOURCES['AWS::StepFunctions::StateMachine']).toMatchObject({ property: 'StateMachineName', limit: 80 });
    expect(NAMED_RESOURCES['AWS::Logs::LogGroup']).toMatchObject({ property: 'LogGroupName', limit: 512 });
    expect(NAMED_RESOURCES['AWS::CloudWatch::Alarm']).toMatchObject({ property: 'AlarmName', limit: 255 });
  });

  it.each(LIMITS)('passes a %s whose %s has exactly %i characters', (type, property, limit) => {
    expect(() => checkTemplateNames(template(type, { [property]: 'n'.repeat(limit) }))).not.toThrow();
  });

  it.each(LIMITS)('refuses a %s whose %s has one character more than %i, naming it, its length and the limit', (type, property, limit) => {
    // Prepare
    const name = 'n'.repeat(limit + 1);
    // Act
    const check = () => checkTemplateNames(template(type, { [property]: name }));
    // Assess
    expect(check).toThrow(`"${name}" (Named) is ${limit + 1} characters, over the limit of ${limit}`);
    expect(check).toThrow(/shorter migration id or stage/);
  });

  it('names every name that is too long in one message', () => {
    // Prepare
    const Resources = {
      Rule: { Type: 'AWS::Events::Rule', Properties: { Name: 'r'.repeat(71) } },
      Function: { Type: 'AWS::Lambda::Function', Properties: { FunctionName: 'f'.repeat(65) } },
    };
    // Act
    const check = () => checkTemplateNames({ Resources });
    // Assess
    expect(check).toThrow(/EventBridge rule name "r{71}" \(Rule\) is 71 characters, over the limit of 64; Lambda function name "f{65}" \(Function\) is 65/);
  });

  it('leaves names built by CloudFormation functions, unnamed resources and other types alone', () => {
    // Prepare
    const Resources = {
      Sub: { Type: 'AWS::Events::Rule', Properties: { Name: { 'Fn::Sub': `${'x'.repeat(80)}-\${AWS::Region}` } } },
      Unnamed: { Type: 'AWS::Events::Rule', Properties: { ScheduleExpression: 'rate(1 minute)' } },
      Other: { Type: 'AWS::SSM::Parameter', Properties: { Name: 'p'.repeat(300) } },
    };
    // Act, Assess
    expect(() => checkTemplateNames({ Resources })).not.toThrow();
  });
});
