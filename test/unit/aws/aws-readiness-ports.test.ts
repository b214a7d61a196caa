import { KafkaClient } from '@aws-sdk/client-kafka';
import { LambdaClient } from '@aws-sdk/client-lambda';
import { describe, expect, it } from 'vitest';
import { openAwsReadinessPorts } from '../../../src/aws/aws-readiness-ports.ts';
import { BLUE_ARN, GREEN_ARN, plan } from '../../support/rollout-fixtures.ts';

describe('openAwsReadinessPorts', () => {
  it('builds both sides from the plan, a registry client only where the plan names one, and closes without having connected', async () => {
    // Prepare
    const asked: string[] = [];
    const secrets = {
      get: async (name: string) => {
        asked.push(name);
        return 'sr:secret';
      },
    };
    const withRegistry = plan({
      clusters: {
        blue: { arn: BLUE_ARN, bootstrap: 'b-1.blue:9096', auth: { mechanism: 'none' }, schemaRegistry: 'https://sr-blue.example.com' },
        green: { arn: GREEN_ARN, bootstrap: 'b-1.green:9096', auth: { mechanism: 'none' } },
      },
    });

    // Act
    const opened = await openAwsReadinessPorts(withRegistry, { msk: new KafkaClient({}), lambda: new LambdaClient({}), secrets, prefix: '/kraft-canary' });
    await opened.close();

    // Assess
    expect(opened.ports.blue.registry).toBeDefined();
    expect(opened.ports.green.registry).toBeUndefined();
    expect(asked).toEqual(['/kraft-canary/orders/schema-registry/blue']);
  });

  it('with schemaRegistries: false builds no registry client and reads no registry login', async () => {
    // Prepare
    const asked: string[] = [];
    const secrets = {
      get: async (name: string) => {
        asked.push(name);
        return 'sr:secret';
      },
    };
    const withRegistries = plan({
      clusters: {
        blue: { arn: BLUE_ARN, bootstrap: 'b-1.blue:9096', auth: { mechanism: 'none' }, schemaRegistry: 'https://sr-blue.example.com' },
        green: { arn: GREEN_ARN, bootstrap: 'b-1.green:9096', auth: { mechanism: 'none' }, schemaRegistry: 'https://sr-green.example.com' },
      },
    });

    // Act
    const deps = { msk: new KafkaClient({}), lambda: new LambdaClient({}), secrets, prefix: '/kraft-canary', schemaRegistries: false };
    const opened = await openAwsReadinessPorts(withRegistries, deps);
    await opened.close();

    // Assess
    expect(opened.ports.blue.registry).toBeUndefined();
    expect(opened.ports.green.registry).toBeUndefined();
    expect(asked).toEqual([]);
  });
});
