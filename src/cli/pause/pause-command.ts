import type { Env } from '../../environment.ts';
import { loadAwsControlPorts } from '../aws-control-ports.ts';
import type { Command } from '../command.ts';
import { CONTROL_USAGE_TAIL, type ControlCommandSpec, controlCommand } from '../control-command.ts';

export const PAUSE: ControlCommandSpec = {
  name: 'pause',
  summary: 'hold a rollout at its current stage until resumed (reason recorded)',
  reasonRequired: true,
  control: () => 'pause',
  usage: `Usage: kraft-canary pause <migration> --reason "<why>" [options]

Holds the rollout at its current stage, indefinitely: the running execution stops at its next
control check (within a minute of a bake, or before the next stage; after the cutover, once
blue is proven drained and before complete is written) and waits, without polling, until
someone resumes it (\`kraft-canary resume\` or the Resume button in Slack).
Routing does not change. Alarms and \`kraft-canary rollback\` still roll back while paused.
Who paused, when and why are recorded and shown in Slack and \`kraft-canary status\`.

Options:
  --reason <text>   why (required)
${CONTROL_USAGE_TAIL}`,
};

export const awsPauseCommand = (env: Env): Command => controlCommand(PAUSE, loadAwsControlPorts, env);
