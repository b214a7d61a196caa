import { describe, expect, it } from 'vitest';
import { ClientConnections } from '../../../../src/local/rehearsal/client-connections.ts';
import { FakeConsumers, FakeProducers, fakeFactory } from '../../../support/fakes/fake-kafka-clients.ts';

const connection = { brokers: ['b:1'] };

function setup() {
  const producers = new FakeProducers();
  const consumers = new FakeConsumers();
  const connections = new ClientConnections();
  const factory = connections.wrap(fakeFactory({ ...producers.factory, ...consumers.factory }));
  return { producers, consumers, connections, factory };
}

describe('ClientConnections', () => {
  it('counts a client from connect to disconnect, per cluster, once however often either is called', async () => {
    // Prepare
    const { connections, factory } = setup();
    const producer = factory.producer('blue', connection, {});
    const consumer = factory.consumer('blue', connection, { groupId: 'g', fromBeginning: false, config: {} });
    const green = factory.producer('green', connection, {});

    // Act
    await producer.connect();
    await producer.connect();
    await consumer.connect();
    await green.connect();
    const connected = [connections.count('blue'), connections.count('green')];
    await producer.disconnect();
    await producer.disconnect();
    const oneLeft = connections.count('blue');
    await consumer.disconnect();

    // Assess
    expect(connected).toEqual([2, 1]);
    expect(oneLeft).toBe(1);
    expect([connections.count('blue'), connections.count('green')]).toEqual([0, 1]);
  });

  it('does not count a client whose connect failed, and rethrows the failure', async () => {
    // Prepare
    const { connections, factory, producers } = setup();
    producers.failConnect.blue = new Error('blue is gone');
    const producer = factory.producer('blue', connection, {});

    // Act
    const failure = await producer.connect().catch((error: unknown) => error);

    // Assess
    expect(failure).toBe(producers.failConnect.blue);
    expect(connections.count('blue')).toBe(0);
  });

  it('stops counting a consumer that crashed without restarting, which kafkajs has disconnected itself', async () => {
    // Prepare
    const { connections, factory, consumers } = setup();
    const crashed = factory.consumer('blue', connection, { groupId: 'g', fromBeginning: false, config: {} });
    const running = factory.consumer('blue', connection, { groupId: 'g', fromBeginning: false, config: {} });
    await crashed.connect();
    await running.connect();

    // Act
    consumers.created[0]?.crash(new Error('INVALID_REQUEST'));
    const afterCrash = connections.count('blue');
    await crashed.disconnect();

    // Assess
    expect(afterCrash).toBe(1);
    expect(connections.count('blue')).toBe(1);
  });

  it("leaves the client's other methods and events working", async () => {
    // Prepare
    const { factory, producers, consumers } = setup();
    producers.auto = true;
    const producer = factory.producer('green', connection, {});
    const consumer = factory.consumer('green', connection, { groupId: 'g', fromBeginning: true, config: {} });

    // Act
    await producer.connect();
    const metadata = await producer.send({ topic: 't', messages: [{ value: 'v' }] });
    await consumer.run({});

    // Assess
    expect(metadata).toEqual([{ topicName: 'green', partition: 0, errorCode: 0 }]);
    expect(consumers.created[0]?.runConfig).toEqual({});
    expect(consumer.events?.GROUP_JOIN).toBe('consumer.group_join');
  });
});
