// Worker entry when the CLI runs as TypeScript (tsx, tests): register tsx's loader, then the worker.
import { register } from 'tsx/esm/api';

register();
await import('./worker.ts');
