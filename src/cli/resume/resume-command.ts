import type { Env } from '../../environment.ts';
import { loadAwsControlPorts } from '../aws-control-ports.ts';
import type { Command } from '../command.ts';
import { CONTROL_USAGE_TAIL, type ControlCommandSpec, controlCommand } from '../control-command.ts';

export const RESUME: ControlCommandSpec = {
  name: 'resume',
  summary: 'lift a pause: the held rollout goes on from where it stopped',
  reasonRequired: false,
  control: () => 'resume',
  usage: `Usage: kraft-canary resume <migration> [--reason "<why>"] [options]

Lifts the migration's pause and answers the held execution, which goes on where it stopped
(the rest of the bake, then the gates). Refused when the migration is not paused.

Options:
  --reason <text>   why (optional; recorded)
${CONTROL_USAGE_TAIL}`,
};

export const awsResumeCommand = (env: Env): Command => controlCommand(RESUME, loadAwsControlPorts, env);
