import { loadAwsDrainCheckKafka } from '../aws-drain-check-kafka.ts';
import { drainCheckCommand } from '../drain-check-command.ts';

export const command = drainCheckCommand(loadAwsDrainCheckKafka);
