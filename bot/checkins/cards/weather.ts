import type { Weather } from '../model';

/** The 天気 as the city's spreadsheet shows it, with a symbol that reads at a glance. */
export const WEATHER_SYMBOL: Record<Weather, string> = { 晴れ: '☀', くもり: '☁', 雨: '☂' };

export function weatherLabel(weather: Weather): string {
  return `${WEATHER_SYMBOL[weather]} ${weather}`;
}
