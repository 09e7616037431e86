// `node --import ./services/cli/register-typescript.js <entry>.ts`: runs Switchyard's TypeScript as
// deployed (typescript-hooks.js), with stack traces pointing into the .ts sources.
import { register } from 'node:module';

process.setSourceMapsEnabled(true);
register('./typescript-hooks.js', import.meta.url);
