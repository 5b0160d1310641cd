/**
 * The subset of OData $filter that Graph passes through to SharePoint list items:
 * `fields/X eq 'v'`, numbers, true/false, null, dates, eq ne gt ge lt le, and or not, parentheses,
 * startswith(fields/X,'v'). Parsed to a small tree so the server can (1) list the columns a filter
 * touches, to refuse non-indexed ones as SharePoint does, and (2) evaluate it per item.
 */
import { invalidRequest } from './graph-errors';

export type Operand = { kind: 'field'; name: string } | { kind: 'literal'; value: string | number | boolean | null };
export type FilterNode =
  | { kind: 'and' | 'or'; left: FilterNode; right: FilterNode }
  | { kind: 'not'; operand: FilterNode }
  | { kind: 'compare'; op: 'eq' | 'ne' | 'gt' | 'ge' | 'lt' | 'le'; left: Operand; right: Operand }
  | { kind: 'startswith'; field: string; value: string };

type Token = { type: 'string' | 'number' | 'name' | 'date' | 'punct'; text: string };

function tokenize(text: string): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  while (i < text.length) {
    const ch = text[i];
    if (/\s/.test(ch)) {
      i++;
    } else if (ch === "'") {
      let value = '';
      i++;
      for (;;) {
        if (i >= text.length) throw invalidRequest(`Invalid filter clause: unterminated string literal in '${text}'.`);
        if (text[i] === "'") {
          if (text[i + 1] === "'") {
            value += "'";
            i += 2;
            continue;
          }
          i++;
          break;
        }
        value += text[i++];
      }
      tokens.push({ type: 'string', text: value });
    } else if ('(),'.includes(ch)) {
      tokens.push({ type: 'punct', text: ch });
      i++;
    } else {
      const date = /^\d{4}-\d{2}-\d{2}(T[0-9:.]+(Z|[+-]\d{2}:\d{2})?)?/.exec(text.slice(i));
      const number = /^-?\d+(\.\d+)?([eE][+-]?\d+)?/.exec(text.slice(i));
      const name = /^[A-Za-z_@][\w@./]*/.exec(text.slice(i));
      if (date && date[0].length > 4) {
        tokens.push({ type: 'date', text: date[0] });
        i += date[0].length;
      } else if (number) {
        tokens.push({ type: 'number', text: number[0] });
        i += number[0].length;
      } else if (name) {
        tokens.push({ type: 'name', text: name[0] });
        i += name[0].length;
      } else {
        throw invalidRequest(`Invalid filter clause: unexpected '${ch}' in '${text}'.`);
      }
    }
  }
  return tokens;
}

const COMPARISONS = new Set(['eq', 'ne', 'gt', 'ge', 'lt', 'le']);

/** Parses `$filter`; a syntax error is Graph's 400 invalidRequest. */
export function parseFilter(text: string): FilterNode {
  const tokens = tokenize(text);
  let pos = 0;
  const peek = () => tokens[pos];
  const isWord = (word: string) => peek()?.type === 'name' && peek().text.toLowerCase() === word;
  const fail = (what: string): never => {
    throw invalidRequest(`Invalid filter clause: ${what} in '${text}'.`);
  };
  const expect = (punct: string) => {
    if (peek()?.type !== 'punct' || peek().text !== punct) fail(`expected '${punct}'`);
    pos++;
  };

  const operand = (): Operand => {
    const token = tokens[pos++] ?? fail('unexpected end');
    if (token.type === 'string') return { kind: 'literal', value: token.text };
    if (token.type === 'number') return { kind: 'literal', value: Number(token.text) };
    if (token.type === 'date') return { kind: 'literal', value: token.text };
    if (token.type === 'name') {
      const lower = token.text.toLowerCase();
      if (lower === 'true' || lower === 'false') return { kind: 'literal', value: lower === 'true' };
      if (lower === 'null') return { kind: 'literal', value: null };
      if (token.text.startsWith('fields/') && token.text.length > 7) return { kind: 'field', name: token.text.slice(7) };
      return fail(`'${token.text}' is not a property of the list item's fields (use fields/<internal name>)`);
    }
    return fail(`unexpected '${token.text}'`);
  };

  const primary = (): FilterNode => {
    if (peek()?.type === 'punct' && peek().text === '(') {
      pos++;
      const inner = or();
      expect(')');
      return inner;
    }
    if (isWord('not')) {
      pos++;
      return { kind: 'not', operand: primary() };
    }
    if (isWord('startswith')) {
      pos++;
      expect('(');
      const field = operand();
      expect(',');
      const value = operand();
      expect(')');
      if (field.kind !== 'field' || value.kind !== 'literal' || typeof value.value !== 'string')
        fail("startswith takes (fields/X, 'text')");
      return { kind: 'startswith', field: (field as { name: string }).name, value: (value as { value: string }).value };
    }
    const left = operand();
    const op = peek();
    if (op?.type !== 'name' || !COMPARISONS.has(op.text.toLowerCase())) return fail('expected a comparison operator');
    pos++;
    const right = operand();
    return { kind: 'compare', op: op.text.toLowerCase() as 'eq', left, right };
  };

  const and = (): FilterNode => {
    let node = primary();
    while (isWord('and')) {
      pos++;
      node = { kind: 'and', left: node, right: primary() };
    }
    return node;
  };

  function or(): FilterNode {
    let node = and();
    while (isWord('or')) {
      pos++;
      node = { kind: 'or', left: node, right: and() };
    }
    return node;
  }

  const tree = or();
  if (pos !== tokens.length) fail(`unexpected '${tokens[pos].text}'`);
  return tree;
}

/** The internal names of the fields a filter refers to. */
export function filterFields(node: FilterNode, into = new Set<string>()): Set<string> {
  switch (node.kind) {
    case 'and':
    case 'or':
      filterFields(node.left, into);
      filterFields(node.right, into);
      break;
    case 'not':
      filterFields(node.operand, into);
      break;
    case 'startswith':
      into.add(node.field);
      break;
    case 'compare':
      for (const side of [node.left, node.right]) if (side.kind === 'field') into.add(side.name);
  }
  return into;
}

type Value = string | number | boolean | null | undefined;

/**
 * Text compares case-insensitively, as SharePoint's collation does; a missing field is null.
 * Numbers compare as numbers, dates (ISO strings) as text, which orders them correctly in UTC.
 */
function compare(a: Value, b: Value): number | undefined {
  if (a === undefined) a = null;
  if (b === undefined) b = null;
  if (a === null || b === null) return a === b ? 0 : undefined;
  if (typeof a === 'number' && typeof b === 'string' && b.trim() !== '' && !Number.isNaN(Number(b))) b = Number(b);
  if (typeof b === 'number' && typeof a === 'string' && a.trim() !== '' && !Number.isNaN(Number(a))) a = Number(a);
  if (typeof a === 'string' && typeof b === 'string') {
    const x = a.toLowerCase();
    const y = b.toLowerCase();
    return x < y ? -1 : x > y ? 1 : 0;
  }
  if (typeof a !== typeof b) return undefined;
  return a < b ? -1 : a > b ? 1 : 0;
}

export function evaluateFilter(node: FilterNode, field: (name: string) => Value): boolean {
  switch (node.kind) {
    case 'and':
      return evaluateFilter(node.left, field) && evaluateFilter(node.right, field);
    case 'or':
      return evaluateFilter(node.left, field) || evaluateFilter(node.right, field);
    case 'not':
      return !evaluateFilter(node.operand, field);
    case 'startswith': {
      const value = field(node.field);
      return typeof value === 'string' && value.toLowerCase().startsWith(node.value.toLowerCase());
    }
    case 'compare': {
      const value = (side: Operand) => (side.kind === 'field' ? field(side.name) : side.value);
      const order = compare(value(node.left), value(node.right));
      switch (node.op) {
        case 'eq':
          return order === 0;
        case 'ne':
          return order !== 0;
        case 'gt':
          return order !== undefined && order > 0;
        case 'ge':
          return order !== undefined && order >= 0;
        case 'lt':
          return order !== undefined && order < 0;
        case 'le':
          return order !== undefined && order <= 0;
      }
    }
  }
}
