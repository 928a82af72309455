import { PlaceholderPage } from './PlaceholderPage.js';

export function TrainingPage() {
  return (
    <PlaceholderPage id="training" title="Training" comingWith="Coming with the training issue.">
      <p>Here you will build feature sets from the stored bars and train models on them:</p>
      <ul>
        <li>
          one reinforcement-learning policy across stocks and crypto, and per-coin classifiers and
          forecasters;
        </li>
        <li>train/test windows with a purge gap, scalers fit on the training window only;</li>
        <li>live loss curves, the compute backend in use (GPU, CPU or wasm), and cancel/resume.</li>
      </ul>
    </PlaceholderPage>
  );
}
