import { PlaceholderPage } from './PlaceholderPage.js';

export function BacktestsPage() {
  return (
    <PlaceholderPage id="backtests" title="Backtests" comingWith="Coming with the backtesting issue.">
      <p>Here you will run and compare backtests and walk-forward evaluations of models:</p>
      <ul>
        <li>equity curves, drawdowns, turnover and costs, out of sample only;</li>
        <li>side-by-side comparison against buy-and-hold and earlier models.</li>
      </ul>
    </PlaceholderPage>
  );
}
