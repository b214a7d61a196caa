import { approvalDecisionCommand } from '../approval-decision-command.ts';
import { loadAwsApprovalPorts } from '../aws-approval-ports.ts';

export const command = approvalDecisionCommand('approve', loadAwsApprovalPorts, process.env);
