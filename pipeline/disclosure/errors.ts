import { InputError } from '../errors.ts';

/** A disclosure-control input the pipeline refuses: exit code 2, with what to fix. */
export class DisclosureInputError extends InputError {
  constructor(message: string) {
    super(`disclosure: ${message}`);
    this.name = 'DisclosureInputError';
  }
}
