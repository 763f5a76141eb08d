// Data loader for the "Data contract" page: the format-1 contract as JSON,
// generated from the zod schema (pipeline/contract). Metadata only: no case
// data is read, so nothing here can leak a record.
import { contractDocument } from '../../pipeline/publish/contract-document.ts';

process.stdout.write(JSON.stringify(contractDocument()));
