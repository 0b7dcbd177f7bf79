// What the workspace's Vite configs share. Workspace packages export their compiled dist/ to the
// world and their TypeScript sources under the `@relais/source` condition, which only this
// repository's tools (Vite here, Web Test Runner, tsconfig.json) ask for.
import { createHash } from 'node:crypto';
import { copyFile, mkdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Plugin } from 'vite';

export const sourceCondition = '@relais/source';

/**
 * Prints the `integrity` value of `fileName` (sha384, Subresource Integrity) once it is written,
 * for the `<script type="module" integrity=…>` line that loads it from a package CDN.
 */
export function subresourceIntegrity(fileName: string): Plugin {
  let outDir = '';
  return {
    name: 'relais-subresource-integrity',
    configResolved(config) {
      outDir = config.build.outDir;
    },
    async writeBundle() {
      const body = await readFile(join(outDir, fileName));
      const integrity = `sha384-${createHash('sha384').update(body).digest('base64')}`;
      console.log(`\n${fileName}: integrity="${integrity}"`);
    },
  };
}

/** Copies the written `fileName` into `dir` too (created if missing). */
export function copyOutput(fileName: string, dir: string): Plugin {
  let outDir = '';
  return {
    name: 'relais-copy-output',
    configResolved(config) {
      outDir = config.build.outDir;
    },
    async writeBundle() {
      await mkdir(dir, { recursive: true });
      await copyFile(join(outDir, fileName), join(dir, fileName));
    },
  };
}

/**
 * The attribute declarations carry their documentation (the README table is generated from it);
 * the page has no use for it. The bundle keeps each declaration's name, property and type only.
 */
export function attributeDocsOut(): Plugin {
  const quoted = String.raw`'(?:[^'\\]|\\.)*'|"(?:[^"\\]|\\.)*"|\x60(?:[^\x60\\]|\\.)*\x60`;
  const documentation = new RegExp(String.raw`\b(?:description|default):\s*(?:${quoted}),?`, 'g');
  return {
    name: 'relais-attribute-docs-out',
    transform(code, id) {
      if (!id.replace(/\\/g, '/').endsWith('/packages/checkout/src/attributes.ts')) return undefined;
      return { code: code.replace(documentation, ''), map: null };
    },
  };
}
