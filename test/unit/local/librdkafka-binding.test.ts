import { describe, expect, it } from 'vitest';
import { LibrdkafkaMissingError } from '../../../src/local/errors.ts';
import { loadLibrdkafka } from '../../../src/local/librdkafka-binding.ts';
import { MockKafkaCluster } from '../../../src/local/mock-kafka-cluster.ts';

describe('loadLibrdkafka', () => {
  it('names the exact install command when the library is missing', () => {
    // Act
    const load = () => loadLibrdkafka('librdkafka-absent.so.99');

    // Assess
    expect(load).toThrow(LibrdkafkaMissingError);
    expect(load).toThrow('apt-get install -y librdkafka1');
  });

  it('fails MockKafkaCluster.start with the same error instead of skipping', async () => {
    // Act
    const start = MockKafkaCluster.start({ library: 'librdkafka-absent.so.99' });

    // Assess
    await expect(start).rejects.toMatchObject({ name: 'LibrdkafkaMissingError', installCommand: 'apt-get install -y librdkafka1' });
  });
});
