#!/usr/bin/env node
// The published bin: Switchyard runs its TypeScript directly, so register tsx before loading the entry.
import { register } from 'tsx/esm/api';

register();
await import('./main.ts');
