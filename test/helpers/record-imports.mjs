// Loaded with `node --import`: every module the process resolves is appended to CERTDESK_IMPORTS_FILE,
// so a test can tell what a command loaded (certdesk deliver must not load the parser).
import { register } from 'node:module';

register(
  'data:text/javascript,' +
    encodeURIComponent(`
      import { appendFileSync } from 'node:fs';
      export async function resolve(specifier, context, next) {
        const r = await next(specifier, context);
        if (process.env.CERTDESK_IMPORTS_FILE) appendFileSync(process.env.CERTDESK_IMPORTS_FILE, r.url + '\\n');
        return r;
      }`),
);
