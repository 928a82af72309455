/** The dashboard's pages, in sidebar order; the id is the hash route and the nav test id. */
export const PAGES = [
  { id: 'data', label: 'Data' },
  { id: 'training', label: 'Training' },
  { id: 'models', label: 'Models' },
  { id: 'backtests', label: 'Backtests' },
  { id: 'paper', label: 'Paper' },
  { id: 'settings', label: 'Settings' },
] as const;

export type PageId = (typeof PAGES)[number]['id'];

export const PAGE_IDS: readonly PageId[] = PAGES.map((p) => p.id);
