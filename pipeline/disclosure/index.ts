// Statistical disclosure control for linked count tables: primary and
// complementary suppression, and the attacker audit by linear programming.
// See README.md in this folder for the criterion and the method.
export {
  type Cell, type CellRef, type Constraint, type Fragment, type HierarchyNode, type ProtectionProblem,
  type TableWithMargins, DEFAULT_K, MIN_K, DEFAULT_MARGIN_COST,
  cellId, isSensitive, ref, sumOf, link, tableWithMargins, hierarchy, combine, marginLabel,
} from './model.ts';
export { DisclosureInputError } from './errors.ts';
export { type Interval, type ExposedCell, type AuditResult, TOLERANCE, audit, isProtected, exposureReason } from './audit.ts';
export { type CellStatus, type ProtectResult, type ProtectOptions, type ProtectProgress, UnprotectedError, DEFAULT_PROGRESS_SECONDS, protect, patternAmounts } from './protect.ts';
export { loadSolver, solverWasmPath } from './solver.ts';
export { naiveNextSmallest } from './baseline.ts';
