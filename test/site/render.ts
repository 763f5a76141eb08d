// Rendering chart components outside a browser, as Plot's own tests do: jsdom
// provides the document (vitest's jsdom environment), and the SVG is normalised
// (numbers rounded, generated class names made stable) before it is compared
// with the snapshot under test/site/output/, so a diff shows a real change.
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';

const COMPONENTS = join(import.meta.dirname, '..', '..', 'src', 'components');

/** A component module from src/components (plain JS for the browser, so typed loosely here). */
export async function component(name: string): Promise<Record<string, (...args: any[]) => any>> {
  return import(pathToFileURL(join(COMPONENTS, `${name}.js`)).href);
}

/** Rounds every decimal to 2 places and makes Plot's generated class names stable; one element per line. */
export function normalise(el: Element): string {
  return el.outerHTML
    .replace(/\d+\.\d{3,}/g, (m) => String(Math.round(Number(m) * 100) / 100))
    .replace(/plot-[0-9a-f]{6}/g, 'plot-x')
    .replace(/blob:[^"]*/g, 'blob:x')
    .replace(/></g, '>\n<');
}
