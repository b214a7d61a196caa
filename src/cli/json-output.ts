import type { CliIo } from './command.ts';

/** `--json`: one JSON document on stdout, indented, ending in a newline. */
export function writeJson(io: CliIo, value: unknown): void {
  io.stdout.write(`${JSON.stringify(value, null, 2)}\n`);
}
