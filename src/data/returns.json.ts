// Data loader for the Returns page: returns to homelessness by group, as the
// publish step protected them, and the rule they were computed by. The publish
// step writes return_rates.json only when the data has returns (HMIS exports);
// without it the page explains how to load them, so an empty list is an answer
// here, not a failure. The manifest must exist: it proves a publish ran.
import type { PublishedReturnRate } from '../../pipeline/publish/published-returns.ts';
import { returnsDefinition } from '../../pipeline/publish/returns-definition.ts';
import { columnar, readOptional, readPublished } from './published.js';

readPublished<object>('manifest.json', 'returns');
const rates = readOptional<PublishedReturnRate[]>('return_rates.json') ?? [];
process.stdout.write(JSON.stringify({ definition: returnsDefinition(), rates: columnar(rates) }));
