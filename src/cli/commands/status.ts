import { loadAwsStatusPorts } from '../aws-status-ports.ts';
import { statusCommand } from '../status-command.ts';

export const command = statusCommand(loadAwsStatusPorts, process.env);
