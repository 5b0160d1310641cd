import { Radio, RadioGroup, Text, Title3 } from '@fluentui/react-components';
import { pages } from '@microsoft/teams-js';
import { useEffect, useState } from 'react';

const VIEWS = [
  { view: 'rulings', name: '判断事例' },
  { view: 'inquiries', name: '照会' },
  { view: 'manuals', name: 'マニュアル' },
] as const;

/**
 * The configuration page Teams shows when someone adds the app as a channel tab
 * (manifest configurableTabs → /tab/#/config): choose which view the channel's tab opens.
 */
export function ConfigView({ inTeams }: { inTeams: boolean }) {
  const [choice, setChoice] = useState<(typeof VIEWS)[number]['view']>('rulings');

  useEffect(() => {
    if (!inTeams) return;
    const chosen = VIEWS.find((v) => v.view === choice) ?? VIEWS[0];
    const contentUrl = `${window.location.origin}/tab/#/${chosen.view}`;
    pages.config.registerOnSaveHandler((save) => {
      pages.config
        .setConfig({ contentUrl, websiteUrl: contentUrl, entityId: `renkei-${chosen.view}`, suggestedDisplayName: chosen.name })
        .then(
          () => save.notifySuccess(),
          (error: Error) => save.notifyFailure(error.message),
        );
    });
    pages.config.setValidityState(true);
  }, [choice, inTeams]);

  return (
    <main style={{ padding: 16 }}>
      <Title3 as="h1">チャネルのタブに表示する内容</Title3>
      {!inTeams && <Text block>この画面は Teams でタブを追加するときに使います。</Text>}
      <RadioGroup value={choice} onChange={(_, data) => setChoice(data.value as typeof choice)} aria-label="表示する内容">
        {VIEWS.map((v) => (
          <Radio key={v.view} value={v.view} label={v.name} />
        ))}
      </RadioGroup>
    </main>
  );
}
