/** @jest-environment jsdom */
import { buildHelpCard } from '../../bot/help/help-card';
import { plainText } from '../../bot/platform/adaptive-card';
import { cardSchemaErrors, renderCard } from '../support/adaptive-cards';

const commands = [
  { usage: { ja: 'ヘルプ', en: 'help' }, description: { ja: 'この案内を表示します', en: 'Shows this guide' } },
  { usage: { ja: 'わたし', en: 'whoami' }, description: { ja: 'あなたの所属と権限を表示します', en: 'Shows your department and roles' } },
];

describe('help card', () => {
  it('greets by name, gives today in the fiscal calendar and lists the commands (Japanese)', () => {
    const card = buildHelpCard({
      locale: 'ja',
      displayName: '佐藤 美咲',
      today: '2026-11-24',
      commands,
      tabUrl: 'http://127.0.0.1:3978/tab/',
    });
    expect(cardSchemaErrors(card)).toEqual([]);
    const rendered = renderCard(card);
    expect(rendered.text).toContain('本庁・区役所 連携ボットでできること');
    expect(rendered.text).toContain('佐藤 美咲 さん、こんにちは。');
    expect(rendered.text).toContain('令和8年11月24日（R8年度 Q3）');
    expect(rendered.text).toContain('ヘルプ');
    expect(rendered.text).toContain('あなたの所属と権限を表示します');
    expect(rendered.buttons).toEqual(['判断事例・マニュアルを開く']);
  });

  it('is in English for an English-speaking user', () => {
    const card = buildHelpCard({ locale: 'en', displayName: 'Alex', today: '2027-01-04', commands });
    expect(cardSchemaErrors(card)).toEqual([]);
    const rendered = renderCard(card);
    expect(rendered.text).toContain('Hello, Alex. Today is 2027-01-04 (FY2026 Q4).');
    expect(rendered.text).toContain('whoami');
    expect(rendered.buttons).toEqual([]);
  });

  it('tells someone outside the staff directory whom to ask', () => {
    const rendered = renderCard(buildHelpCard({ locale: 'ja', today: '2026-11-24', commands }));
    expect(rendered.text).toContain('職員名簿に登録されていない');
    expect(rendered.text).not.toContain('さん、こんにちは');
  });

  it('shows a hostile display name literally instead of as a link or formatting', () => {
    const name = '[公式](https://evil.example) *至急* <script>alert(1)</script>';
    const card = buildHelpCard({ locale: 'ja', displayName: name, today: '2026-11-24', commands });
    const rendered = renderCard(card);
    expect(rendered.html).not.toContain('href="https://evil.example"');
    expect(rendered.html).not.toContain('<script>');
    expect(rendered.html).not.toContain('<em>');
    expect(rendered.text).toContain('公式');
  });
});

describe('plainText', () => {
  it('escapes Markdown emphasis, links and list markers but leaves ordinary text alone', () => {
    expect(plainText('misaki.sato@sakura-city.example')).toBe('misaki.sato@sakura-city.example');
    expect(plainText('*a* _b_ [c](d)')).toBe('\\*a\\* \\_b\\_ \\[c\\]\\(d\\)');
    expect(plainText('- item\n1. first\n 第3子')).toBe('\\- item\n1\\. first\n 第3子');
  });
});

describe('help card in a channel', () => {
  it('greets no one by name and points to the personal chat for one’s own commands', () => {
    const card = buildHelpCard({ locale: 'ja', displayName: '高橋 直子', inChannel: true, today: '2026-11-24', commands });
    expect(cardSchemaErrors(card)).toEqual([]);
    const rendered = renderCard(card);
    expect(rendered.text).not.toContain('高橋 直子');
    expect(rendered.text).toContain('こんにちは。');
    expect(rendered.text).toContain('個人チャットで「ヘルプ」');
  });
});
