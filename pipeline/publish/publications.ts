// Every publication the publish step writes, in order. A new page or report table
// is added here, so that it is protected together with everything else.
import type { Publication } from './publication.ts';
import { groupRatesPublication } from './published-rates.ts';
import { scopesPublication } from './published-scopes.ts';
import { returnRatesPublication } from './published-returns.ts';
import { barriersPublication } from './published-barriers.ts';
import { resolutionPublication } from './published-resolution.ts';
import { qualityPublication } from './published-quality.ts';
import { intersectionsPublication } from './published-intersections.ts';
import { impactPublication } from './published-impact.ts';
import { cooccurrencePublication } from './published-cooccurrence.ts';
import { trendsPublication } from './published-trends.ts';

// Each publication has its own data type; the list holds them all.
export const PUBLICATIONS: readonly Publication<any>[] = [groupRatesPublication, scopesPublication, returnRatesPublication, barriersPublication, resolutionPublication, qualityPublication,
  intersectionsPublication, impactPublication, cooccurrencePublication,
  trendsPublication,
];
