import { createRequire } from 'node:module';

/**
 * `require` as seen from inside electron-builder, through the given chain of its dependencies
 * (`builderRequire('plist')` loads what plist's own requires load). @electron/fuses,
 * @electron/asar, plist and app-builder-lib's internals are electron-builder's dependencies, not
 * the project's: loading them from where it resolves them gets the very copies it uses.
 */
export function builderRequire(...through: string[]): NodeJS.Require {
  let require = createRequire(import.meta.url);
  for (const name of ['electron-builder', 'app-builder-lib', ...through])
    require = createRequire(require.resolve(name));
  return require;
}
