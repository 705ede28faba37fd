import { spawn, type ChildProcess } from 'node:child_process';

export interface ChildServer {
  url: string;
  stop(): Promise<void>;
}

/**
 * Starts a TypeScript server module in a child Node.js process with tsx, waits for the { url } it
 * sends over IPC and returns it. The child's stdout goes to stderr so that --json output stays clean.
 */
export async function startChildServer(module: string, env: Record<string, string>): Promise<ChildServer> {
  const child: ChildProcess = spawn(process.execPath, ['--import', 'tsx', module], {
    stdio: ['ignore', 'pipe', 'inherit', 'ipc'],
    env: { ...process.env, ...env },
  });
  child.stdout?.pipe(process.stderr);
  const url = await new Promise<string>((resolveUrl, reject) => {
    const timer = setTimeout(() => reject(new Error(`${module} did not start within 60 s`)), 60_000);
    child.once('message', (message: { url?: string }) => {
      clearTimeout(timer);
      if (typeof message.url === 'string') resolveUrl(message.url);
      else reject(new Error(`${module} sent no url`));
    });
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`${module} exited with code ${String(code)} before listening`));
    });
  });
  return {
    url,
    stop: async () => {
      if (child.exitCode !== null) return;
      const exited = new Promise<void>((resolveExit) => child.once('exit', () => resolveExit()));
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
      await exited;
      clearTimeout(timer);
    },
  };
}
