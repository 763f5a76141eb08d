// Transient failures (the warehouse held by another writer, a file briefly busy)
// are retried with exponential backoff; anything else fails at once, because
// retrying bad input or a bug only repeats the same error.
import { setTimeout as sleep } from 'node:timers/promises';
import { CliError, EXIT, safeMessage } from '../errors.ts';
import type { Logger } from '../log.ts';

const TRANSIENT_CODES = new Set(['EBUSY', 'EAGAIN', 'ETXTBSY', 'EMFILE', 'ENFILE', 'EWOULDBLOCK']);

export function isTransient(error: unknown): boolean {
  if (error instanceof CliError) return error.exitCode === EXIT.busy;
  const code = (error as NodeJS.ErrnoException | undefined)?.code;
  if (code && TRANSIENT_CODES.has(code)) return true;
  return /\b(EBUSY|EAGAIN|resource temporarily unavailable|Could not set lock on file)\b/i.test(safeMessage(error));
}

export interface RetryPolicy { retries: number; backoff_seconds: number; backoff_factor: number }

/** The wait before retry number `attempt` (1-based). */
export function backoffMs(policy: RetryPolicy, attempt: number): number {
  return Math.round(policy.backoff_seconds * 1000 * policy.backoff_factor ** (attempt - 1));
}

export async function withRetries<T>(what: string, policy: RetryPolicy, log: Logger, fn: (attempt: number) => Promise<T>, transient: (error: unknown) => boolean = isTransient): Promise<T> {
  for (let attempt = 0; ; attempt++) {
    try {
      return await fn(attempt);
    } catch (error) {
      if (!transient(error) || attempt >= policy.retries) throw error;
      const wait = backoffMs(policy, attempt + 1);
      log.warn(`${what} failed with a transient error (${safeMessage(error)}); retry ${attempt + 1} of ${policy.retries} in ${(wait / 1000).toFixed(1)} s.`, { retry: attempt + 1, wait_ms: wait });
      await sleep(wait);
    }
  }
}
