// The LP solver: HiGHS compiled to WebAssembly (npm package `highs`). The .wasm
// is read from node_modules and handed to the loader as bytes, so loading never
// looks for it on the network, whatever the bundler or the runtime does.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import * as highsPackage from 'highs';
import type { Highs, InitOptions } from 'highs';

// highs ships an ES module whose default export is the loader, but its one .d.ts
// is read by TypeScript as CommonJS (default = the whole module); accept either shape.
type Loader = (options?: InitOptions) => Promise<Highs>;
const exported = (highsPackage as unknown as { default: Loader | { default: Loader } }).default;
const loadHighs: Loader = typeof exported === 'function' ? exported : exported.default;

let loading: Promise<Highs> | undefined;

/** The path of the solver's WebAssembly binary inside node_modules. */
export function solverWasmPath(): string {
  return createRequire(import.meta.url).resolve('highs/runtime');
}

/** Loads HiGHS once per process (about 0.2 s) and shares it. */
export function loadSolver(): Promise<Highs> {
  if (!loading) loading = loadHighs({ wasmBinary: readFileSync(solverWasmPath()) });
  return loading;
}

export type { Highs };

/**
 * One HiGHS model reused for many small LPs: creating a model and setting its
 * options costs more than solving one of these LPs, so each LP is passed into
 * the same model. Dispose it when done (Wasm memory is not garbage-collected).
 */
export class LpWorkspace {
  readonly highs: Highs;
  readonly model: ReturnType<Highs['createModel']>;
  constructor(highs: Highs) {
    this.highs = highs;
    this.model = highs.createModel();
    // Presolve off: these LPs are tiny, and without it HiGHS tells unbounded
    // from infeasible.
    this.model.options.set({ output_flag: false, presolve: 'off' });
  }
  dispose(): void {
    this.model.dispose();
  }
}

/** Runs `work` with a fresh workspace and disposes it whatever happens. */
export async function withWorkspace<T>(work: (lp: LpWorkspace) => T): Promise<T> {
  const lp = new LpWorkspace(await loadSolver());
  try {
    return work(lp);
  } finally {
    lp.dispose();
  }
}
