// Worker entry: the statement code is TypeScript run through tsx (as the CLI is), so the worker
// registers tsx's loader before importing it.
import { register } from 'tsx/esm/api';

register();
await import('./worker.ts');
