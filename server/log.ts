import pino from 'pino';

export type LogCategory = 'http' | 'db' | 'import' | 'bot' | 'schedule' | 'app';

// Logs go to stderr, so that stdout carries only what a command prints for its caller (the
// import command's JSON document, the server's start banner).
const root = pino(
  {
    level: process.env.LOG_LEVEL ?? 'info',
    base: undefined,
    redact: {
      paths: ['*.access_token', '*.accessToken', '*.appSecret', '*.secret', '*.mobile', '*.sign'],
      censor: '[隐去]',
    },
  },
  pino.destination(2),
);

/** Returns the logger of one category; every line carries `category` for filtering. */
export function logger(category: LogCategory): pino.Logger {
  return root.child({ category });
}
