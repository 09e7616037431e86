#!/usr/bin/env node
// The published bin: Switchyard runs its TypeScript directly, so its module hooks are registered before the entry loads.
import './register-typescript.js';

await import('./main.ts');
