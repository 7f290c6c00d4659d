import { createRequire } from 'node:module';

// cdk-nag is CommonJS with `__exportStar` re-exports that Node's ESM loader cannot see as named
// exports; loading it through require keeps the named API and its types.
const require = createRequire(import.meta.url);
const nag = require('cdk-nag') as typeof import('cdk-nag');

export const { AwsSolutionsChecks, ServerlessChecks } = nag;
