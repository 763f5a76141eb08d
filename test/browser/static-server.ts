// A tiny static server for a built Framework site (dist/), on 127.0.0.1 only.
// It resolves clean URLs as Framework's build writes them: /contract →
// contract.html, /dir/ → dir/index.html; anything else is 404 (dist/404.html
// when there is one).
import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json',
  '.csv': 'text/csv; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.wasm': 'application/wasm',
  '.parquet': 'application/octet-stream',
  '.arrow': 'application/vnd.apache.arrow.file',
};

async function isFile(p: string): Promise<boolean> {
  try {
    return (await stat(p)).isFile();
  } catch {
    return false;
  }
}

/** The file under `root` that serves `urlPath`, or undefined. Never leaves `root`. */
export async function resolveFile(root: string, urlPath: string): Promise<string | undefined> {
  let rel = decodeURIComponent(urlPath.split('?')[0]!.split('#')[0]!);
  if (rel.endsWith('/')) rel += 'index.html';
  const full = path.resolve(root, `.${path.posix.normalize(rel)}`);
  if (full !== root && !full.startsWith(root + path.sep)) return undefined;
  if (await isFile(full)) return full;
  if (!path.extname(full) && (await isFile(`${full}.html`))) return `${full}.html`;
  return undefined;
}

export interface StaticServer {
  origin: string;
  close(): Promise<void>;
}

export async function serveStatic(dir: string): Promise<StaticServer> {
  const root = path.resolve(dir);
  const server: Server = createServer((req, res) => {
    void (async () => {
      const file = await resolveFile(root, req.url ?? '/');
      const notFound = file ? undefined : await resolveFile(root, '/404.html');
      const served = file ?? notFound;
      res.statusCode = file ? 200 : 404;
      if (!served) return res.end('not found');
      res.setHeader('content-type', TYPES[path.extname(served)] ?? 'application/octet-stream');
      createReadStream(served).pipe(res);
    })().catch((error: unknown) => {
      res.statusCode = 500;
      res.end(String(error));
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  return {
    origin: `http://127.0.0.1:${port}`,
    close: () => new Promise<void>((resolve, reject) => server.close((e) => (e ? reject(e) : resolve()))),
  };
}
