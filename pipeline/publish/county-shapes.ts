// County shapes for the map, from us-atlas's counties-10m TopoJSON in
// node_modules (never fetched). Only the states the published counties lie in
// are kept, and coordinates are rounded to 0.001° (about 100 m, finer than the
// 1:10m source), so the page carries tens of kilobytes instead of the whole
// country's 840 KB.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { feature } from 'topojson-client';

type Position = number[];
type Coordinates = Position | Coordinates[];

const round = (c: Coordinates): Coordinates =>
  typeof c[0] === 'number' ? (c as Position).map((x) => Math.round(x * 1000) / 1000) : (c as Coordinates[]).map(round);

/** The us-atlas file this build bundles (resolved in node_modules). */
export function countiesTopologyPath(): string {
  return createRequire(import.meta.url).resolve('us-atlas/counties-10m.json');
}

export interface CountyShapes {
  counties: ReturnType<typeof feature>;
  states: ReturnType<typeof feature>;
  source: string;
}

/** Counties and state outlines of every state any of `fips` (five-digit county codes) lies in. */
export function countyShapes(fips: readonly string[], topologyPath = countiesTopologyPath()): CountyShapes {
  const topology = JSON.parse(readFileSync(topologyPath, 'utf8')) as { objects: Record<string, unknown> };
  const states = new Set(fips.filter((f) => /^\d{5}$/.test(f)).map((f) => f.slice(0, 2)));
  const pick = (name: 'counties' | 'states', keep: (id: string) => boolean) => {
    const all = feature(topology, topology.objects[name]);
    return { ...all, features: all.features.filter((f) => f.id && keep(f.id)).map((f) => ({ ...f, geometry: { ...f.geometry, coordinates: round(f.geometry.coordinates as Coordinates) } })) };
  };
  const version = JSON.parse(readFileSync(topologyPath.replace(/counties-10m\.json$/, 'package.json'), 'utf8')).version as string;
  return {
    counties: pick('counties', (id) => states.has(id.slice(0, 2))),
    states: pick('states', (id) => states.has(id)),
    source: `us-atlas ${version} counties-10m (U.S. Census Bureau cartographic boundaries, 1:10,000,000)`,
  };
}
