import { binancePresets } from '../../../shared/binance-presets.js';
import { Select } from '../../components/Select.js';
import { FormField } from './FieldError.js';

const PRESET_OPTIONS = [
  { value: '', label: 'Custom (fields below)' },
  ...binancePresets.map((p) => ({ value: p.id, label: p.label })),
];

/** The one-click downloads: picking one fills the fetch form; its notes say which symbols need care. */
export function PresetPicker({ value, onPick }: { value: string; onPick: (presetId: string) => void }) {
  const preset = binancePresets.find((p) => p.id === value);
  return (
    <div className="preset-picker">
      <FormField label="Preset">
        <Select testId="fetch-preset" value={value} options={PRESET_OPTIONS} onChange={onPick} />
      </FormField>
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
