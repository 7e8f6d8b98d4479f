import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import Handlebars from 'handlebars';
import { htmlFromText } from './html-layout.js';
import type { Locale, MailKind } from './mail-kinds.js';
import { RenderError } from './errors.js';

// src/outbox or dist/outbox: two up is the project; the CLI's bundle in dist/: one up. (A build of its own,
// as the benchmarks', sits one deeper.)
export const TEMPLATES_DIR =
  ['../templates', '../../templates', '../../../templates']
    .map((up) => resolve(import.meta.dirname, up))
    .find((dir) => existsSync(join(dir, 'ja'))) ?? resolve(import.meta.dirname, '../../templates');
/** The parts written as templates; the HTML part is laid out from the text (html-layout.ts). */
const PARTS = ['subject', 'text'] as const;
type Part = (typeof PARTS)[number];

export { RenderError } from './errors.js';

export interface RenderedMail {
  subject: string;
  text: string;
  html: string;
}

type Compiled = Record<Part, Handlebars.TemplateDelegate>;
const cache = new Map<string, Compiled>();

// One private Handlebars: strict (a missing value throws), with the few helpers the templates use.
const hbs = Handlebars.create();
hbs.registerHelper('eq', (a: unknown, b: unknown) => a === b);

export function templateFile(kind: MailKind, locale: Locale, part: Part, dir = TEMPLATES_DIR): string {
  return join(dir, locale, kind, `${part}.hbs`);
}

function compile(kind: MailKind, locale: Locale, dir: string): Compiled {
  const key = `${dir}|${locale}|${kind}`;
  let compiled = cache.get(key);
  if (!compiled) {
    const one = (part: Part) => {
      const file = templateFile(kind, locale, part, dir);
      if (!existsSync(file)) throw new RenderError(kind, locale, part, new Error(`no template ${file}`));
      // The text and subject parts are not HTML: no escaping there (the HTML layout escapes every character).
      return hbs.compile(readFileSync(file, 'utf8'), { strict: true, noEscape: true });
    };
    compiled = { subject: one('subject'), text: one('text') };
    cache.set(key, compiled);
  }
  return compiled;
}

/** Renders subject, text and HTML of one mail kind; throws RenderError when any value is missing. */
export function renderMail(
  kind: MailKind,
  locale: Locale,
  data: Record<string, unknown>,
  dir = TEMPLATES_DIR,
): RenderedMail {
  const compiled = compile(kind, locale, dir);
  const out = {} as RenderedMail;
  for (const part of PARTS) {
    try {
      out[part] = compiled[part](data);
    } catch (err) {
      throw new RenderError(kind, locale, part, err);
    }
  }
  // A subject is one header line: no line breaks may reach it (no header injection).
  out.subject = out.subject.replace(/[\r\n]+/g, ' ').trim();
  out.html = htmlFromText(out.text, out.subject, locale);
  return out;
}

/** Every variable a template reads (for the ja/en parity test). */
export function templateVariables(source: string): Set<string> {
  const names = new Set<string>();
  const visit = (node: unknown, scope: string): void => {
    if (!node || typeof node !== 'object') return;
    const n = node as Record<string, unknown> & { type?: string };
    if (n.type === 'PathExpression') {
      const original = n.original as string;
      if (!['this', '.', 'eq', 'if', 'unless', 'each', 'with', 'else'].includes(original) && !original.startsWith('@'))
        names.add(scope ? `${scope}.${original}` : original);
      return;
    }
    if (n.type === 'BlockStatement' && (n.path as { original: string }).original === 'each') {
      const param = (n.params as Array<{ original: string }>)[0]!.original;
      visit(n.params, scope);
      visit(n.program, scope ? `${scope}.${param}[]` : `${param}[]`);
      visit(n.inverse, scope);
      return;
    }
    for (const value of Object.values(n)) {
      if (Array.isArray(value)) value.forEach((v) => visit(v, scope));
      else if (value && typeof value === 'object') visit(value, scope);
    }
  };
  visit(Handlebars.parse(source), '');
  return names;
}
