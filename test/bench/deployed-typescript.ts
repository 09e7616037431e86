import { fileURLToPath } from 'node:url';

/**
 * `--import` this and a process runs its TypeScript as deployed (services/cli/register-typescript.js), not
 * through tsx, whose forced keepNames adds a call per closure made on the hot paths: every benchmark process uses it.
 */
export const deployedTypeScript = fileURLToPath(new URL('../../services/cli/register-typescript.js', import.meta.url));
