import type { Cluster } from '@kraft-canary/client/contract';
import type { Plan } from '../domain/plan.ts';
import type { KafkaAdminPort } from '../ports/index.ts';
import { type KafkaConfigDeps, kafkaConfigFor } from './kafka-config.ts';
import { KafkajsAdmin } from './kafkajs-admin.ts';

/** A kafkajs admin for one side of a plan, authenticated as the plan says (IAM, SCRAM, TLS, none). */
export const kafkajsAdmins =
  (deps: KafkaConfigDeps = {}) =>
  async (plan: Plan, side: Cluster): Promise<KafkaAdminPort> =>
    new KafkajsAdmin(await kafkaConfigFor(plan.clusters[side], deps));
