// Errors a person can act on. Each carries the process exit code the CLI uses:
// 1 internal error, 2 input refused or unreadable (or bad usage), 3 rows quarantined,
// 4 the warehouse is busy with another writer, 5 a data test failed.
export const EXIT = { ok: 0, internal: 1, refused: 2, quarantined: 3, busy: 4, dataTests: 5 } as const;

export class CliError extends Error {
  readonly exitCode: number;
  constructor(message: string, options: { exitCode?: number; cause?: unknown } = {}) {
    super(message, { cause: options.cause });
    this.name = 'CliError';
    this.exitCode = options.exitCode ?? EXIT.refused;
  }
}

/** An input the pipeline will not load: a file, mapping or option. */
export class InputError extends CliError {
  constructor(message: string) {
    super(message, { exitCode: EXIT.refused });
    this.name = 'InputError';
  }
}

/**
 * The first line of an unexpected error, without the input text DuckDB quotes
 * in its messages ("Input: …", "Original Line: …"), which may hold case values.
 */
export function safeMessage(error: unknown): string {
  const text = error instanceof Error ? error.message : String(error);
  return text.split('\n')[0].replace(/\s*(Input|Original Line):.*$/, '').slice(0, 300);
}
