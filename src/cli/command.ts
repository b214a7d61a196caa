/** Where a command writes; process.stdout and process.stderr fit, and so do test buffers. */
export interface Output {
  write(text: string): unknown;
}

export interface CliIo {
  stdout: Output;
  stderr: Output;
  /** Relative paths on the command line are resolved against this directory. */
  cwd: string;
  /**
   * Asks the person at the terminal and resolves to the answer; absent when there is nobody
   * to ask (stdin is not a terminal, as in CI): commands that need a yes then refuse.
   */
  prompt?: (question: string) => Promise<string | null>;
}

/** One `kraft-canary <name>` command, in its own folder under src/cli/ (see main.ts). */
export interface Command {
  name: string;
  /** One line for the command list in `kraft-canary --help`. */
  summary: string;
  /** Full usage text, printed by `kraft-canary <name> --help` and on a usage error. */
  usage: string;
  /** Runs with the arguments after the command name; resolves to the exit code. */
  run(args: readonly string[], io: CliIo): Promise<number>;
}

/** Exit codes shared by every command. */
export const EXIT = {
  ok: 0,
  /** The command could not do its job: unreadable input, an unreachable service. */
  failure: 1,
  /** The command line or the input is wrong: fix it and retry. */
  usage: 2,
} as const;
