// The reference group each disparity is measured against, chosen by rule and
// always stated on the output: the largest group, the best-off group, or one
// named in the configuration. Missing-data groups are never the reference.
import { InputError } from '../errors.ts';
import { MISSING_GROUPS } from './labels.ts';

export interface Candidate { group: string; size: number; rate: number | null }
export interface Reference { group: string | null; rule: string; reason?: string }

/** `rule` is 'largest', 'best_off' or a group code; `better` says whether the best-off group has the highest rate or the lowest. */
export function chooseReference(dimension: string, rule: string, candidates: readonly Candidate[], better: 'higher' | 'lower' = 'higher'): Reference {
  const eligible = candidates.filter((c) => !MISSING_GROUPS.has(c.group) && c.size > 0);
  if (rule === 'largest') {
    const best = [...eligible].sort((a, b) => b.size - a.size || a.group.localeCompare(b.group))[0];
    return best ? { group: best.group, rule: 'largest group' } : { group: null, rule: 'largest group', reason: 'no group with cases' };
  }
  if (rule === 'best_off') {
    const sign = better === 'higher' ? 1 : -1;
    const best = [...eligible].filter((c) => c.rate !== null).sort((a, b) => sign * (b.rate! - a.rate!) || b.size - a.size || a.group.localeCompare(b.group))[0];
    return best ? { group: best.group, rule: `best-off group (${better === 'higher' ? 'highest' : 'lowest'} rate)` } : { group: null, rule: 'best-off group', reason: 'no group with a rate' };
  }
  if (!candidates.some((c) => c.group === rule)) {
    if (candidates.length === 0) return { group: null, rule: `named group ${rule}`, reason: 'no cases in this breakdown' };
    throw new InputError(
      `reference group '${rule}' for ${dimension} does not occur in the data; groups present: ${candidates.map((c) => c.group).join(', ')}. ` +
        `Fix measures.reference_groups.${dimension} in the configuration (or use largest / best_off).`,
    );
  }
  return { group: rule, rule: `named group (configuration)` };
}

export function referenceRuleFor(dimension: string, rules: Record<string, string>): string {
  return rules[dimension] ?? rules.default ?? 'largest';
}
