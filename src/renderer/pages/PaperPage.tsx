import { PlaceholderPage } from './PlaceholderPage.js';

export function PaperPage() {
  return (
    <PlaceholderPage id="paper" title="Paper trading" comingWith="Coming with the paper trading issue.">
      <p>Here you will watch promoted models trade on paper, continuously, on live data:</p>
      <ul>
        <li>the scheduler's ticks, orders, fills and open positions;</li>
        <li>the ledger and its P&amp;L against the backtest that promoted the model.</li>
      </ul>
    </PlaceholderPage>
  );
}
