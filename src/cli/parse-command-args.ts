import { type ParseArgsConfig, parseArgs } from 'node:util';
import { err, ok, type Result } from '@kraft-canary/client/contract';

type Options = NonNullable<ParseArgsConfig['options']>;

export interface ParsedArgs {
  values: Record<string, string | boolean | (string | boolean)[] | undefined>;
  positionals: string[];
}

/**
 * node:util parseArgs in strict mode, with its complaints (unknown option, missing value)
 * returned as a one-line message instead of thrown.
 */
export function parseCommandArgs(args: readonly string[], options: Options): Result<ParsedArgs, string> {
  try {
    const { values, positionals } = parseArgs({ args: [...args], options, allowPositionals: true, strict: true });
    return ok({ values, positionals });
  } catch (cause) {
    // Node appends a hint about `--` to unknown options; the option itself is the message.
    return err(
      String((cause as Error).message)
        .replace(/\n[\s\S]*$/, '')
        .replace(/\. To specify a positional argument[\s\S]*$/, ''),
    );
  }
}
