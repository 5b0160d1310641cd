import type { CommandHandler } from '../../bot/platform/bot-turn';
import { HandlerRegistry, normalizeCommandWord } from '../../bot/teams/handler-registry';

const command = (keywords: string[], usage?: string): CommandHandler => ({
  keywords,
  help: usage ? { usage: { ja: usage, en: usage }, description: { ja: usage, en: usage } } : undefined,
  handle: async () => undefined,
});

describe('command and verb registry', () => {
  const help = command(['ヘルプ', 'help', 'こんにちは'], 'ヘルプ');
  const bind = command(['照会窓口に設定'], '照会窓口に設定 <課名>');
  const hidden = command(['secret']);
  const registry = new HandlerRegistry().addCommand(help).addCommand(bind).addCommand(hidden);

  it('matches the first word after folding width, case and closing punctuation', () => {
    expect(registry.findCommand('こんにちは')?.handler).toBe(help);
    expect(registry.findCommand('こんにちは！')?.handler).toBe(help);
    expect(registry.findCommand('ＨＥＬＰ')?.handler).toBe(help);
    expect(registry.findCommand('  Help  ')?.handler).toBe(help);
    expect(normalizeCommandWord('ヘルプ。')).toBe('ヘルプ');
  });

  it('passes the rest of the message, as typed, as the argument (full-width space too)', () => {
    expect(registry.findCommand('照会窓口に設定 保険年金課')).toEqual({ handler: bind, argument: '保険年金課' });
    expect(registry.findCommand('照会窓口に設定\u3000ＤＸ推進課 ')).toEqual({ handler: bind, argument: 'ＤＸ推進課' });
  });

  it('does not match a keyword inside another word or an unknown command', () => {
    expect(registry.findCommand('ヘルプデスク')).toBeUndefined();
    expect(registry.findCommand('国保の資格について')).toBeUndefined();
    expect(registry.findCommand('')).toBeUndefined();
  });

  it('refuses a keyword or verb registered twice', () => {
    expect(() => new HandlerRegistry().addCommand(help).addCommand(command(['HELP']))).toThrow('registered twice');
    const verb = { verb: 'claim', handle: async () => ({ message: 'ok' }) };
    expect(() => new HandlerRegistry().addCardAction(verb).addCardAction(verb)).toThrow('registered twice');
    expect(new HandlerRegistry().addCardAction(verb).findCardAction('claim')).toBe(verb);
  });

  it('lists help in registration order, without hidden commands', () => {
    expect(registry.commandHelp().map((h) => h.usage.ja)).toEqual(['ヘルプ', '照会窓口に設定 <課名>']);
  });
});
