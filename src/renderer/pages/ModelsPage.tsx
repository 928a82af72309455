import { PlaceholderPage } from './PlaceholderPage.js';

export function ModelsPage() {
  return (
    <PlaceholderPage id="models" title="Models" comingWith="Coming with the model registry issue.">
      <p>Here you will browse the model registry:</p>
      <ul>
        <li>
          every trained model with its data window, features, hyper-parameters and out-of-sample metrics;
        </li>
        <li>ONNX export, and promotion of a model to paper trading.</li>
      </ul>
    </PlaceholderPage>
  );
}
