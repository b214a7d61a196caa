import type { Env } from '../../environment.ts';
import { loadAwsControlPorts } from '../aws-control-ports.ts';
import type { Command } from '../command.ts';
import { CONTROL_USAGE_TAIL, type ControlCommandSpec, controlCommand } from '../control-command.ts';

export const STEP_BACK: ControlCommandSpec = {
  name: 'step-back',
  summary: "return to the previous stage's percentage without a full rollback",
  reasonRequired: true,
  control: () => 'step-back',
  usage: `Usage: kraft-canary step-back <migration> --reason "<why>" [options]

At the next control check the rollout writes a routing document with the previous stage's
percentage (a higher revision, so every client accepts it): producers whose buckets return to
blue finish their in-flight sends on green, then send on blue; consumers keep reading both
clusters. The previous stage then bakes and is judged again. Refused at the first stage (roll
back instead), after the cutover, while paused, once the stage's bake is over, or when no
rollout runs.

Options:
  --reason <text>   why (required)
${CONTROL_USAGE_TAIL}`,
};

export const awsStepBackCommand = (env: Env): Command => controlCommand(STEP_BACK, loadAwsControlPorts, env);
