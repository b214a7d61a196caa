import { loadAwsPreflightPorts } from '../aws-preflight-ports.ts';
import { preflightCommand } from '../preflight-command.ts';

export const command = preflightCommand(loadAwsPreflightPorts, process.env);
