import type { AdaptiveCard } from '../../platform/adaptive-card';

type Node = Record<string, unknown>;

/**
 * An Adaptive Card as lines of text for a terminal: its text, facts, tables and inputs, and each
 * button as the `npm run cli -- as …` line that presses it. `presser` is who would press it (the
 * person the card went to), or a placeholder when it went to a channel. Inputs are named as
 * `id=値` so a button's line can be run with the inputs filled in.
 */
export function cardAsText(card: AdaptiveCard | Node, presser: string): string[] {
  const lines: string[] = [];
  const inputs: Node[] = [];
  const walk = (elements: unknown, indent: string) => {
    for (const element of Array.isArray(elements) ? (elements as Node[]) : []) renderElement(element, indent);
  };
  const renderElement = (element: Node, indent: string) => {
    switch (element.type) {
      case 'TextBlock':
        if (typeof element.text === 'string' && element.text)
          lines.push(
            ...shownText(element.text)
              .split('\n')
              .map((line) => indent + line),
          );
        break;
      case 'RichTextBlock':
        lines.push(
          indent +
            ((element.inlines as Node[] | undefined) ?? [])
              .map((inline) => (typeof inline === 'string' ? inline : str(inline.text ?? '')))
              .join(''),
        );
        break;
      case 'FactSet':
        for (const fact of (element.facts as Node[] | undefined) ?? [])
          lines.push(`${indent}${shownText(str(fact.title))}: ${shownText(str(fact.value))}`);
        break;
      case 'ColumnSet': {
        // A row of columns reads as one line when each column is one short text.
        const columns = ((element.columns as Node[] | undefined) ?? []).map((column) => cardAsText({ body: column.items }, presser));
        if (columns.every((column) => column.length <= 1))
          lines.push(
            indent +
              columns
                .map((column) => column[0] ?? '')
                .filter(Boolean)
                .join(' ｜ '),
          );
        else for (const column of columns) lines.push(...column.map((line) => indent + line));
        break;
      }
      case 'Table':
        for (const row of (element.rows as Node[] | undefined) ?? []) {
          lines.push(
            indent +
              ((row.cells as Node[] | undefined) ?? []).map((cell) => cardAsText({ body: cell.items }, presser).join(' ')).join(' ｜ '),
          );
        }
        break;
      case 'Container':
        walk(element.items, indent);
        break;
      case 'ActionSet':
        renderActions(element.actions, indent);
        break;
      case 'Input.Text':
      case 'Input.Number':
      case 'Input.Date':
        inputs.push(element);
        lines.push(
          `${indent}［入力 ${str(element.id)}=］${str(element.label ?? element.placeholder ?? '')}${element.isRequired ? '（必須）' : ''}${element.value ? `: ${str(element.value)}` : ''}`,
        );
        break;
      case 'Input.Toggle':
        inputs.push(element);
        lines.push(
          `${indent}［入力 ${str(element.id)}=${str(element.valueOn ?? 'true')}|${str(element.valueOff ?? 'false')}］${str(element.title ?? '')}: ${str(element.value ?? element.valueOff ?? 'false')}`,
        );
        break;
      case 'Input.ChoiceSet': {
        inputs.push(element);
        const choices = ((element.choices as Node[] | undefined) ?? []).map((choice) => `${str(choice.value)}（${str(choice.title)}）`);
        lines.push(
          `${indent}［入力 ${str(element.id)}=］${str(element.label ?? '')}${element.isRequired ? '（必須）' : ''}${element.value ? `: ${str(element.value)}` : ''}`,
        );
        if (choices.length > 0)
          lines.push(
            `${indent}    選択肢: ${choices.slice(0, 12).join(', ')}${choices.length > 12 ? ` ほか ${choices.length - 12} 件` : ''}`,
          );
        break;
      }
      default:
        break;
    }
  };
  const renderActions = (actions: unknown, indent: string) => {
    for (const action of Array.isArray(actions) ? (actions as Node[]) : []) {
      const title = str(action.title ?? '');
      if (action.type === 'Action.OpenUrl') lines.push(`${indent}▶ ${title}: ${str(action.url)}`);
      else if (action.type === 'Action.Execute' || action.type === 'Action.Submit') {
        const data = { ...((action.data as Node | undefined) ?? {}) };
        const verb = action.type === 'Action.Execute' ? str(action.verb ?? '') : str(data.verb ?? '');
        delete data.verb;
        const withInputs = action.associatedInputs === 'none' ? {} : inputValues(inputs);
        lines.push(`${indent}▶ ${title}: ${pressCommand(presser, verb, { ...withInputs, ...data })}`);
      } else if (action.type === 'Action.ShowCard') {
        lines.push(`${indent}▶ ${title}:`);
        lines.push(...cardAsText(action.card as Node, presser).map((line) => `${indent}    ${line}`));
      }
    }
  };
  walk((card as Node).body, '');
  renderActions((card as Node).actions, '');
  return lines;
}

/** The command line that presses a button: `npm run cli -- as <person> <verb> key=value … key:=json`. */
export function pressCommand(presser: string, verb: string, data: Node): string {
  const fields = Object.entries(data).map(([key, value]) =>
    typeof value === 'string' ? `${key}=${shellWord(value)}` : `${key}:=${shellWord(JSON.stringify(value))}`,
  );
  return ['npm run cli -- as', presser, verb, ...fields].join(' ');
}

/** Card text without the Markdown escapes plainText() adds. */
function shownText(text: string): string {
  return text.replace(/\\([\\*_[\]()~`>#+\-.])/g, '$1');
}

function inputValues(inputs: Node[]): Node {
  return Object.fromEntries(
    inputs.map((input) => [
      str(input.id),
      input.type === 'Input.Toggle' ? str(input.value ?? input.valueOff ?? 'false') : str(input.value ?? ''),
    ]),
  );
}

function shellWord(value: string): string {
  return /^[\p{L}\p{N}_.:@/+,-]+$/u.test(value) ? value : `'${value.replace(/'/g, `'\\''`)}'`;
}

/** A card field as text: cards carry strings, numbers and booleans; anything else shows as nothing. */
function str(value: unknown): string {
  return typeof value === 'string' ? value : typeof value === 'number' || typeof value === 'boolean' ? `${value}` : '';
}
