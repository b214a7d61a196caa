import { createInterface } from 'node:readline/promises';

/** A question on the terminal; undefined when stdin is no terminal (CI, a pipe): nobody can answer. */
export function terminalPrompt(): ((question: string) => Promise<string | null>) | undefined {
  if (process.stdin.isTTY !== true) return undefined;
  return async (question) => {
    const rl = createInterface({ input: process.stdin, output: process.stderr });
    try {
      return await rl.question(question);
    } finally {
      rl.close();
    }
  };
}
