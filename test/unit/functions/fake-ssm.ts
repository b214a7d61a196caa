import {
  DeleteParameterCommand,
  GetParameterCommand,
  GetParameterHistoryCommand,
  ParameterAlreadyExists,
  ParameterNotFound,
  PutParameterCommand,
  SSMClient,
} from '@aws-sdk/client-ssm';
import { mockClient } from 'aws-sdk-client-mock';

/**
 * SSM Parameter Store behind aws-sdk-client-mock: versions per parameter, Overwrite: false
 * as create-only, full history, ParameterNotFound for missing names. Enough for the adapters
 * to run unchanged against it.
 */
export function fakeSsm() {
  const mock = mockClient(SSMClient);
  const params = new Map<string, { version: number; value: string }[]>();
  const notFound = () => new ParameterNotFound({ message: 'not found', $metadata: {} });
  mock.on(GetParameterCommand).callsFake((input: { Name: string }) => {
    const last = params.get(input.Name)?.at(-1);
    if (last === undefined) throw notFound();
    return { Parameter: { Name: input.Name, Value: last.value, Version: last.version } };
  });
  mock.on(PutParameterCommand).callsFake((input: { Name: string; Value: string; Overwrite?: boolean }) => {
    const versions = params.get(input.Name) ?? [];
    if (versions.length > 0 && input.Overwrite !== true) throw new ParameterAlreadyExists({ message: 'exists', $metadata: {} });
    const version = (versions.at(-1)?.version ?? 0) + 1;
    params.set(input.Name, [...versions, { version, value: input.Value }]);
    return { Version: version };
  });
  mock.on(GetParameterHistoryCommand).callsFake((input: { Name: string }) => {
    const versions = params.get(input.Name);
    if (versions === undefined) throw notFound();
    return { Parameters: versions.map((v) => ({ Name: input.Name, Value: v.value, Version: v.version })) };
  });
  mock.on(DeleteParameterCommand).callsFake((input: { Name: string }) => {
    if (!params.delete(input.Name)) throw notFound();
    return {};
  });
  return {
    mock,
    client: new SSMClient({ region: 'eu-west-1' }),
    value: (name: string) => params.get(name)?.at(-1)?.value ?? null,
    history: (name: string) => params.get(name) ?? [],
    seed: (name: string, value: string) => {
      const versions = params.get(name) ?? [];
      params.set(name, [...versions, { version: (versions.at(-1)?.version ?? 0) + 1, value }]);
    },
  };
}
