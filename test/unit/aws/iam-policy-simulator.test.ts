import { IAMClient, SimulatePrincipalPolicyCommand } from '@aws-sdk/client-iam';
import { mockClient } from 'aws-sdk-client-mock';
import { beforeEach, describe, expect, it } from 'vitest';
import { IamPolicySimulator } from '../../../src/aws/iam-policy-simulator.ts';

const ROLE = 'arn:aws:iam::123456789012:role/orders-service';
const TOPIC = (name: string) => `arn:aws:kafka:eu-west-1:123456789012:topic/orders-green/uuid-3/${name}`;
const iam = mockClient(IAMClient);

describe('IamPolicySimulator', () => {
  beforeEach(() => iam.reset());

  it('reads per-resource decisions from ResourceSpecificResults, over every page', async () => {
    // Prepare
    iam
      .on(SimulatePrincipalPolicyCommand)
      .resolvesOnce({
        EvaluationResults: [
          {
            EvalActionName: 'kafka-cluster:WriteData',
            EvalDecision: 'implicitDeny',
            ResourceSpecificResults: [
              { EvalResourceName: TOPIC('orders'), EvalResourceDecision: 'allowed' },
              { EvalResourceName: TOPIC('payments'), EvalResourceDecision: 'implicitDeny' },
            ],
          },
        ],
        IsTruncated: true,
        Marker: 'next',
      })
      .resolvesOnce({ EvaluationResults: [{ EvalActionName: 'kafka-cluster:ReadData', EvalDecision: 'allowed', EvalResourceName: '*' }] });
    // Act
    const decisions = await new IamPolicySimulator(new IAMClient({}) as never).simulate(
      ROLE,
      ['kafka-cluster:WriteData', 'kafka-cluster:ReadData'],
      [TOPIC('orders'), TOPIC('payments')],
    );
    // Assess
    expect(decisions).toEqual([
      { action: 'kafka-cluster:WriteData', resource: TOPIC('orders'), allowed: true },
      { action: 'kafka-cluster:WriteData', resource: TOPIC('payments'), allowed: false },
      { action: 'kafka-cluster:ReadData', resource: TOPIC('orders'), allowed: true },
      { action: 'kafka-cluster:ReadData', resource: TOPIC('payments'), allowed: true },
    ]);
    expect(iam.commandCalls(SimulatePrincipalPolicyCommand)[1]?.args[0].input).toMatchObject({ PolicySourceArn: ROLE, Marker: 'next' });
  });

  it('reads a per-resource result of the older shape, and names the call when IAM refuses it', async () => {
    // Prepare
    iam
      .on(SimulatePrincipalPolicyCommand)
      .resolvesOnce({ EvaluationResults: [{ EvalActionName: 'kafka-cluster:Connect', EvalDecision: 'explicitDeny', EvalResourceName: TOPIC('x') }] });
    const simulator = new IamPolicySimulator(new IAMClient({}) as never);
    // Act
    const decisions = await simulator.simulate(ROLE, ['kafka-cluster:Connect'], [TOPIC('x')]);
    iam.on(SimulatePrincipalPolicyCommand).rejects(Object.assign(new Error('denied'), { name: 'AccessDenied' }));
    // Assess
    expect(decisions).toEqual([{ action: 'kafka-cluster:Connect', resource: TOPIC('x'), allowed: false }]);
    await expect(simulator.simulate(ROLE, ['kafka-cluster:Connect'], [TOPIC('x')])).rejects.toMatchObject({
      name: 'AwsCallError',
      message: 'SimulatePrincipalPolicy failed (AccessDenied)',
    });
  });
});
