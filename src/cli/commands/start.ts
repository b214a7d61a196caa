import { loadAwsStartPorts } from '../aws-start-ports.ts';
import { startCommand } from '../start-command.ts';

export const command = startCommand(loadAwsStartPorts, process.env);
