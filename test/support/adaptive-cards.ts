import fs from 'node:fs';
import path from 'node:path';
import Ajv from 'ajv';
import addFormats from 'ajv-formats';
import MarkdownIt from 'markdown-it';

/**
 * Checks a card the way Teams will see it: against the official Adaptive Cards 1.5 JSON
 * schema (copied from ../shared/schemas into test/fixtures), and by rendering it with
 * Microsoft's adaptivecards library, with Markdown processed as Teams does, returning what a
 * person would read. Test files that render use `@jest-environment jsdom`.
 */
const schemaPath = path.join(__dirname, '..', 'fixtures', 'adaptive-card-1.5.json');

let validator: ReturnType<Ajv['compile']> | undefined;

export function cardSchemaErrors(card: unknown): string[] {
  if (!validator) {
    const schema = JSON.parse(fs.readFileSync(schemaPath, 'utf8')) as Record<string, unknown>;
    schema.$id = schema.id; // the file is draft-06 but names its id `id`
    delete schema.id;
    delete schema.$schema;
    const ajv = new Ajv({ strict: false, logger: false });
    addFormats(ajv);
    validator = ajv.compile(schema);
  }
  // `msteams` (e.g. width: Full) is Teams' documented host extension, not in the generic schema.
  const { msteams: _teamsExtension, ...generic } = card as Record<string, unknown>;
  if (validator(generic)) return [];
  return (validator.errors ?? []).slice(0, 5).map((e) => `${e.instancePath} ${e.message}`);
}

export interface RenderedCard {
  text: string;
  buttons: string[];
  html: string;
}

// The package's lib/ is ES modules only; its dist/ bundle is UMD and loads under jest.
// eslint-disable-next-line @typescript-eslint/no-require-imports
const AC = require('adaptivecards/dist/adaptivecards.js') as typeof import('adaptivecards');
const markdown = new MarkdownIt({ html: false, linkify: false });
AC.AdaptiveCard.onProcessMarkdown = (text, result) => {
  result.outputHtml = markdown.render(text);
  result.didProcess = true;
};

export function renderCard(card: unknown): RenderedCard {
  const adaptiveCard = new AC.AdaptiveCard();
  const context = new AC.SerializationContext();
  adaptiveCard.parse(card, context);
  const problems: string[] = [];
  for (let i = 0; i < context.eventCount; i++) problems.push(context.getEventAt(i).message);
  for (const event of adaptiveCard.validateProperties().validationEvents) problems.push(event.message);
  if (problems.length > 0) throw new Error(`adaptivecards reported: ${problems.join('; ')}`);
  const element = adaptiveCard.render();
  if (!element) throw new Error('adaptivecards could not render the card');
  // jsdom's document, from the test environment (the project's lib has no DOM types on purpose).
  (globalThis as unknown as { document: { body: { appendChild(node: unknown): void } } }).document.body.appendChild(element);
  const buttons = [...element.querySelectorAll('button')]
    .map((b) => (b.getAttribute('aria-label') ?? b.textContent ?? '').trim())
    .filter(Boolean);
  const rendered = { text: (element.textContent ?? '').replace(/\s+/g, ' ').trim(), buttons, html: element.outerHTML };
  element.remove();
  return rendered;
}
