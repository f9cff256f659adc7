import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const repositoryRoot = fileURLToPath(new URL('../../../', import.meta.url));
const tsxBinary = fileURLToPath(new URL('../../../node_modules/.bin/tsx', import.meta.url));
const cliEntry = fileURLToPath(new URL('../src/cli.ts', import.meta.url));

export interface CliOutcome {
  exitCode: number;
  stdout: string;
  stderr: string;
}

/**
 * Runs `tsx apps/server/src/cli.ts <args>` as its own process, the way an operator does. The environment is
 * only what is given (plus PATH and HOME), so the test's own DATABASE_URL never leaks into the child.
 */
export function runCli(args: string[], environment: Record<string, string>): Promise<CliOutcome> {
  return new Promise((resolve) => {
    execFile(
      tsxBinary,
      [cliEntry, ...args],
      {
        cwd: repositoryRoot,
        env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', NODE_ENV: 'test', LOG_LEVEL: 'silent', ...environment },
        timeout: 120_000,
      },
      (error, stdout, stderr) => {
        const exitCode = error ? (typeof error.code === 'number' ? error.code : 1) : 0;
        resolve({ exitCode, stdout, stderr });
      },
    );
  });
}
