import type { Env } from '../../environment.ts';
import { loadAwsControlPorts } from '../aws-control-ports.ts';
import type { Command } from '../command.ts';
import { type ControlCommandSpec, controlCommand } from '../control-command.ts';

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
  --prefix <path>   SSM parameter prefix (default $PARAMETER_PREFIX or /kraft-canary)
  --json            print the outcome as JSON on stdout

Controls of one migration are serialised: one that finds another being applied is refused.
Exit codes: 0 applied; 1 refused (wrong phase or state, named in one line; nothing written),
busy, or AWS refused the call; 2 wrong usage.`,
};

export const awsResumeCommand = (env: Env): Command => controlCommand(RESUME, loadAwsControlPorts, env);
