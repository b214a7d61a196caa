import type { Env } from '../../environment.ts';
import { loadAwsControlPorts } from '../aws-control-ports.ts';
import type { Command } from '../command.ts';
import { CONTROL_USAGE_TAIL, type ControlCommandSpec, controlCommand } from '../control-command.ts';

export const PROMOTE: ControlCommandSpec = {
  name: 'promote',
  summary: 'end the current bake now (gates still judged); --full: skip to the cutover',
  reasonRequired: false,
  control: (full) => (full ? 'promote-full' : 'promote'),
  usage: `Usage: kraft-canary promote <migration> [--full --yes] [--reason "<why>"] [options]

Ends the current stage's bake at the next control check; its gates are still judged (a
failing gate still rolls back) and its approval, if the plan asks one, still waits. Refused
once the bake is over (gates judged, an approval waiting, the drain of blue): nothing would
take it up.

With --full, once the current stage's gates pass, the rollout skips the remaining canary
stages and cuts every producer over to green (100%), after one of the plan's approvers
confirms in Slack (or with \`kraft-canary approve\`). It needs --yes, or "yes" typed on a
terminal; without a terminal (CI) it is refused unless --yes is given. Refused when the plan
names no approvers, while paused, or outside the canary phase.

Options:
  --full            skip to the cutover (see above)
  --yes             confirm --full without a prompt
  --reason <text>   why (optional; recorded and shown to the approvers)
${CONTROL_USAGE_TAIL}`,
};

export const awsPromoteCommand = (env: Env): Command => controlCommand(PROMOTE, loadAwsControlPorts, env);
