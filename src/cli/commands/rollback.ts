import { rollbackCommand } from '../rollback-command.ts';
import { loadAwsRollbackPorts } from '../aws-rollback-ports.ts';

export const command = rollbackCommand(loadAwsRollbackPorts, process.env);
