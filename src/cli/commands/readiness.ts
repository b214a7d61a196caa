import { loadAwsReadinessPorts } from '../aws-readiness-ports.ts';
import { readinessCommand } from '../readiness-command.ts';

export const command = readinessCommand(loadAwsReadinessPorts, process.env);
