import { binancePresets } from '../../../shared/binance-presets.js';

/** The one-click downloads: picking one fills the fetch form; its notes say which symbols need care. */
export function PresetPicker({ value, onPick }: { value: string; onPick: (presetId: string) => void }) {
  const preset = binancePresets.find((p) => p.id === value);
  return (
    <div className="preset-picker">
      <label className="field">
        <span className="field__label">Preset</span>
        <select
          className="input"
          data-testid="fetch-preset"
          value={value}
          onChange={(e) => onPick(e.target.value)}
        >
          <option value="">Custom (fields below)</option>
          {binancePresets.map((p) => (
            <option key={p.id} value={p.id}>
              {p.label}
            </option>
          ))}
        </select>
      </label>
      {preset && preset.notes.length > 0 && (
        <ul className="preset-notes" data-testid="fetch-preset-notes">
          {preset.notes.map((note) => (
            <li key={note}>{note}</li>
          ))}
        </ul>
      )}
    </div>
  );
}
