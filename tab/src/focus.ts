import { makeStaticStyles, tokens } from '@fluentui/react-components';
import { useEffect } from 'react';

/**
 * Keyboard focus the tab manages itself: after sign-in and after opening a ruling, focus moves
 * to the heading of what just appeared (a screen reader announces it, Tab continues from there);
 * and a visible focus ring on every input, combobox and link (WCAG 2.2 focus appearance:
 * a 2px outline around the control, in the theme's focus colour, which contrasts with its background).
 */
export const useFocusRings = makeStaticStyles({
  // Fluent's own link styles turn the outline off (one class and :focus-visible); the class here outweighs them.
  'a:focus-visible, [role="link"]:focus-visible, a.fui-Link:focus-visible, button.fui-Link:focus-visible': {
    outline: `2px solid ${tokens.colorStrokeFocus2}`,
    outlineOffset: '2px',
    borderRadius: '2px',
  },
  '.fui-Input:focus-within, .fui-Textarea:focus-within, .fui-Combobox:focus-within, .fui-Dropdown:focus-within, .fui-Select:focus-within, .fui-SearchBox:focus-within':
    {
      outline: `2px solid ${tokens.colorStrokeFocus2}`,
      outlineOffset: '2px',
    },
  'h1[tabindex="-1"]:focus, h2[tabindex="-1"]:focus': { outline: `2px solid ${tokens.colorStrokeFocus2}`, outlineOffset: '4px' },
});

/**
 * Focuses the element `selector` names as soon as it is on the page (views show their heading
 * once their data has loaded), for as long as `active`; gives up after ten seconds.
 */
export function useFocusWhenShown(selector: string, active: boolean): void {
  useEffect(() => {
    if (!active) return;
    const tryFocus = () => {
      const target = document.querySelector<HTMLElement>(selector);
      if (!target) return false;
      if (!target.hasAttribute('tabindex')) target.setAttribute('tabindex', '-1');
      target.focus();
      return true;
    };
    if (tryFocus()) return;
    const observer = new MutationObserver(() => tryFocus() && observer.disconnect());
    observer.observe(document.body, { childList: true, subtree: true });
    const timer = setTimeout(() => observer.disconnect(), 10_000);
    return () => {
      observer.disconnect();
      clearTimeout(timer);
    };
  }, [selector, active]);
}
