// Logging: human-readable lines on stderr, or JSON lines with --json. Never a
// case row or case id: callers pass counts, file names and line numbers only.
export interface Logger {
  info(message: string, fields?: Record<string, unknown>): void;
  warn(message: string, fields?: Record<string, unknown>): void;
  error(message: string, fields?: Record<string, unknown>): void;
}

export function createLogger(json = false, stream: NodeJS.WritableStream = process.stderr): Logger {
  const write = (level: string, message: string, fields?: Record<string, unknown>) => {
    if (json) stream.write(`${JSON.stringify({ time: new Date().toISOString(), level, message, ...fields })}\n`);
    else stream.write(`${level === 'info' ? '' : `${level}: `}${message}\n`);
  };
  return {
    info: (m, f) => write('info', m, f),
    warn: (m, f) => write('warning', m, f),
    error: (m, f) => write('error', m, f),
  };
}
