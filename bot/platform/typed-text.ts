/**
 * Text a person typed into a card, as it is stored and shown: line breaks unified to \n,
 * control characters and the noncharacters U+FFFE/U+FFFF dropped (keeping line breaks and
 * tabs; XML, and so an xlsx export, cannot hold them), and broken UTF-16 (a lone surrogate,
 * which no keyboard produces but a forged request can) replaced with U+FFFD, so every stored
 * text is valid Unicode. Anything that is not a string counts as empty.
 */
export function typedText(value: unknown): string {
  if (typeof value !== 'string') return '';
  return value
    .replace(/\r\n?/g, '\n')
    .replace(/[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F\uFFFE\uFFFF]/g, '')
    .replace(/[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g, '\ufffd');
}
