import { parseArgs } from 'node:util';
import { err, ok, type Result } from '@kraft-canary/client/contract';

/** A fault the rehearsal injects once the rollout reaches a stage. */
export interface GreenOutage {
  readonly kind: 'green-outage';
  /** The stage (green %) at which green's brokers go down. */
  readonly atPercent: number;
}

/** Green's brokers answer late from a stage on: slower, while errors and lag stay low. */
export interface GreenSlow {
  readonly kind: 'green-slow';
  readonly atPercent: number;
  /** Green's produce latency becomes about this multiple of blue's mean (default 3). */
  readonly factor: number;
}

export type Injection = GreenOutage | GreenSlow;

/** `green-outage@50`, `green-slow@50x3`: the fault as the command line names it. */
export const injectionLabel = (inject: Injection): string =>
  inject.kind === 'green-slow' ? `green-slow@${inject.atPercent}x${inject.factor}` : `green-outage@${inject.atPercent}`;

export interface RehearsalOptions {
  /** Plan file (YAML or JSON); undefined means the built-in 20/50/80/100 plan. */
  readonly planFile?: string;
  readonly services: number;
  /** Instances per service (members of the service's consumer group). */
  readonly instances: number;
  /** Messages per second each instance produces. */
  readonly rate: number;
  /** Bake times, drain windows and poll intervals are divided by this factor. */
  readonly speed: number;
  readonly inject: Injection | null;
  readonly jsonFile?: string;
  readonly htmlFile?: string;
  readonly help: boolean;
}

export const REHEARSAL_DEFAULTS = { services: 3, instances: 2, rate: 20, speed: 100 } as const;
export const LIMITS = { services: 64, instances: 32, fleet: 128, rate: 2_000, speed: 100_000 } as const;

export const REHEARSAL_USAGE = `Usage: kraft-canary rehearse [options]

Runs a whole migration on this machine: two local Kafka clusters, the rollout state machine
with the real handlers, and a fleet of simulated services (each with its own topic and consumer
group, and its instances); ends with an accounting of every message (produced, consumed, lost,
stranded, duplicated).

Options:
  --plan <file>                 plan (YAML or JSON); default: built-in 20/50/80/100 plan
  --services <n>                simulated services, 1-${LIMITS.services} (default ${REHEARSAL_DEFAULTS.services})
  --instances <n>               instances per service, 1-${LIMITS.instances} (default ${REHEARSAL_DEFAULTS.instances});
                                services × instances at most ${LIMITS.fleet}
  --rate <msgs/s>               messages per second per instance (default ${REHEARSAL_DEFAULTS.rate})
  --speed <factor>              divide bake times and drain windows by this (default ${REHEARSAL_DEFAULTS.speed});
                                the first bake stays at least 20 s, for the consumer group to form on green
  --inject green-outage@<pct>   take green's brokers down once the <pct>% stage is reached
  --inject green-slow@<pct>[x<factor>]
                                from the <pct>% stage on, green's brokers answer late: green's
                                produce latency about <factor> (default 3) × blue's mean
  --json <file>                 write the report as JSON
  --html <file>                 write the report as a self-contained HTML page
  -h, --help                    show this help
`;

/** A command-line problem, phrased for the person who typed it. */
export interface OptionsError {
  readonly message: string;
}

const INJECTION = /^green-outage@(\d+(?:\.\d+)?)$/;
const SLOW_INJECTION = /^green-slow@(\d+(?:\.\d+)?)(?:x(\d+(?:\.\d+)?))?$/;
const SLOW_DEFAULT_FACTOR = 3;

function parseNumber(flag: string, text: string | undefined, max: number, integer: boolean) {
  if (text === undefined) return ok(undefined);
  const value = Number(text);
  const range = integer ? `a whole number from 1 to ${max}` : `a number above 0 and at most ${max}`;
  const valid = text.trim() !== '' && Number.isFinite(value) && (!integer || Number.isInteger(value));
  if (!valid || value <= 0 || value > max || (integer && value < 1)) {
    return err({ message: `--${flag} must be ${range}, got "${text}"` });
  }
  return ok(value);
}

/** Parses `green-outage@<percent>` or `green-slow@<percent>[x<factor>]`; whether the plan has that stage is checked once the plan is loaded. */
export function parseInjection(text: string | undefined): Result<Injection | null, OptionsError> {
  if (text === undefined) return ok(null);
  const outage = INJECTION.exec(text.trim());
  const slow = SLOW_INJECTION.exec(text.trim());
  const match = outage ?? slow;
  if (!match) {
    return err({
      message: `--inject: unknown fault "${text}"; supported: green-outage@<percent>, green-slow@<percent>[x<factor>], e.g. green-outage@50, green-slow@50x3`,
    });
  }
  const atPercent = Number(match[1]);
  if (atPercent <= 0 || atPercent > 100) {
    return err({ message: `--inject: ${atPercent} is not a stage percentage (above 0, at most 100)` });
  }
  if (outage) return ok({ kind: 'green-outage', atPercent });
  const factor = slow?.[2] === undefined ? SLOW_DEFAULT_FACTOR : Number(slow[2]);
  if (factor <= 1 || factor > 100) return err({ message: `--inject: slow-down factor ${factor} must be above 1 and at most 100` });
  return ok({ kind: 'green-slow', atPercent, factor });
}

const SPEC = {
  plan: { type: 'string' },
  services: { type: 'string' },
  instances: { type: 'string' },
  rate: { type: 'string' },
  speed: { type: 'string' },
  inject: { type: 'string' },
  json: { type: 'string' },
  html: { type: 'string' },
  help: { type: 'boolean', short: 'h' },
} as const;

function readArgs(argv: readonly string[]) {
  try {
    return ok(parseArgs({ args: [...argv], options: SPEC, strict: true, allowPositionals: false }).values);
  } catch (cause) {
    // parseArgs phrases unknown flags and missing values well; keep only its first line.
    const message = ((cause as Error).message.split('\n')[0] ?? 'invalid arguments').replace(/^TypeError.*?: /, '');
    return err({ message: `${message} (see kraft-canary rehearse --help)` });
  }
}

/** Parses `kraft-canary rehearse` arguments; every problem is a value with a clear message. */
export function parseRehearsalOptions(argv: readonly string[]): Result<RehearsalOptions, OptionsError> {
  const args = readArgs(argv);
  if (!args.ok) return args;
  const values = args.value;
  const services = parseNumber('services', values.services, LIMITS.services, true);
  if (!services.ok) return services;
  const instances = parseNumber('instances', values.instances, LIMITS.instances, true);
  if (!instances.ok) return instances;
  const fleet = (services.value ?? REHEARSAL_DEFAULTS.services) * (instances.value ?? REHEARSAL_DEFAULTS.instances);
  if (fleet > LIMITS.fleet) {
    return err({ message: `--services × --instances must be at most ${LIMITS.fleet} instances, got ${fleet}` });
  }
  const rate = parseNumber('rate', values.rate, LIMITS.rate, false);
  if (!rate.ok) return rate;
  const speed = parseNumber('speed', values.speed, LIMITS.speed, false);
  if (!speed.ok) return speed;
  const inject = parseInjection(values.inject);
  if (!inject.ok) return inject;
  for (const flag of ['plan', 'json', 'html'] as const) {
    if (values[flag] !== undefined && values[flag].trim() === '') return err({ message: `--${flag} needs a file name` });
  }
  return ok({
    ...(values.plan === undefined ? {} : { planFile: values.plan }),
    services: services.value ?? REHEARSAL_DEFAULTS.services,
    instances: instances.value ?? REHEARSAL_DEFAULTS.instances,
    rate: rate.value ?? REHEARSAL_DEFAULTS.rate,
    speed: speed.value ?? REHEARSAL_DEFAULTS.speed,
    inject: inject.value,
    ...(values.json === undefined ? {} : { jsonFile: values.json }),
    ...(values.html === undefined ? {} : { htmlFile: values.html }),
    help: values.help ?? false,
  });
}
